/// A dip of the gradient norm below its stopping threshold inside one step, invisible at the
/// step's ends. Along the flow theta' = -c grad L, the risk falls at the rate
/// dL/dt = -||theta'||^2 / c, so the mean of v^2 = ||theta'||^2 over a step of length h is
/// mu = c (L_0 - L_1) / h. The quadratic in s in [0, 1] with end values v_0^2, v_1^2 and mean mu,
///     q(s) = v_0^2 (1 - s) + v_1^2 s + 6 (mu - (v_0^2 + v_1^2) / 2) s (1 - s),
/// (the derivative of the cubic Hermite interpolant of L) models v^2 inside the step; its
/// interior minimum, when below eps^2, is where a real partial step checks for a dip.
struct GradientNormDip {
    /// Fraction of the step at the model's minimum.
    let fraction: Double
    /// The model's v^2 there.
    let squaredNorm: Double

    /// - Parameters: v0, v1: ||theta'|| at the ends; riskDrop: L_0 - L_1; span: h; lossScale: c;
    ///   threshold: eps. Nil unless the model has an interior minimum below eps^2.
    init?(v0: Double, v1: Double, riskDrop: Double, span: Double, lossScale c: Double, threshold eps: Double) {
        guard span > 0, v0 > eps, v1 > eps else { return nil }
        let (q0, q1) = (v0 * v0, v1 * v1)
        let curvature = 6 * (c * riskDrop / span - 0.5 * (q0 + q1))
        guard curvature < 0 else { return nil }
        // q'(s) = q1 - q0 + curvature (1 - 2 s) = 0.
        let s = (q1 - q0 + curvature) / (2 * curvature)
        guard s > 0, s < 1 else { return nil }
        let q = q0 * (1 - s) + q1 * s + curvature * s * (1 - s)
        guard q < eps * eps else { return nil }
        (fraction, squaredNorm) = (s, q)
    }
}
