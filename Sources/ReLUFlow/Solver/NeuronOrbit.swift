import Foundation

/// One neuron's exact trajectory while its descent direction D is constant (the loss derivatives
/// frozen, the neuron's modes fixed): dw/dt = a D, da/dt = <D, w>.
///
/// With k = ||D||, e = D / k and p = <w, e>, the part of w orthogonal to e stays put and
/// p + a, p - a grow and decay like exp(k t) and exp(-k t):
///
///     p(t) = (S E + Q / E) / 2,  a(t) = (S E - Q / E) / 2,  E = exp(k t),
///
/// with S = p(0) + a(0), Q = p(0) - a(0). Every pre-activation is affine in p,
/// <w(t), x_i> = b_i + p(t) q_i (b_i = <w_perp, x_i>, q_i = <e, x_i>), so its zeros solve the
/// quadratic S E^2 - 2 c E + Q = 0 for c = -b_i / q_i: crossing times are exact, no iteration.
/// The state is held scaled: the true (w, a) are exp(logScale) times (w, a) here.
struct NeuronOrbit {
    /// The start: w and a (scaled), and the scale's logarithm.
    let w: [Double]
    let a: Double
    let logScale: Double
    /// k = ||D|| and the unit direction e (zero when D = 0: the neuron stands still).
    let rate: Double
    let direction: [Double]
    /// w minus its component p0 along e.
    let orthogonal: [Double]
    let sum: Double, difference: Double

    init(w: [Double], a: Double, logScale: Double, descent: [Double]) {
        self.w = w
        self.a = a
        self.logScale = logScale
        let k = euclideanNorm(descent)
        rate = k
        direction = k > 0 ? descent.map { $0 / k } : descent.map { _ in 0 }
        let p0 = zip(w, direction).reduce(0) { $0 + $1.0 * $1.1 }
        orthogonal = zip(w, direction).map { $0 - p0 * $1 }
        sum = p0 + a
        difference = p0 - a
    }

    /// p(t) and a(t) after time t from the start.
    func coordinates(after t: Double) -> (p: Double, a: Double) {
        guard rate > 0 else { return (0.5 * (sum + difference), 0.5 * (sum - difference)) }
        let e = exp(rate * t)
        return (0.5 * (sum * e + difference / e), 0.5 * (sum * e - difference / e))
    }

    /// w(t) and a(t) (scaled) after time t from the start.
    func state(after t: Double) -> (w: [Double], a: Double) {
        let (p, a) = coordinates(after: t)
        return (zip(orthogonal, direction).map { $0 + p * $1 }, a)
    }

    /// E = exp(k t) > 1 at the earliest time t > 0 at which side * <w(t), x> + level, the event
    /// function of a pair on `side` (+1 active, -1 inactive), falls through 0, given
    /// b = <w_perp, x> and q = <e, x>; nil when there is none. Roots where the function rises (a
    /// pair leaving its surface) are not crossings. Times compare as their factors do, so a
    /// neuron's earliest crossing needs one logarithm, t = log(E) / k. (The decoupled start runs
    /// these operations over all samples in C, `firstCrossing`; this is their reference.)
    func crossingFactor(b: Double, q: Double, side: Double, level: Double) -> Double? {
        guard rate > 0, q != 0 else { return nil }
        // side (b + q p) + level = 0  <=>  p = c.
        let c = (-level / side - b) / q
        var best = Double.infinity
        // A root E of S E^2 - 2 c E + Q = 0, kept when it is the earliest falling one: falling
        // through 0 means side * q * dp/dt < 0, dp/dt = k a(t), and a(t) has the sign of S E^2 - Q.
        func consider(_ e: Double) {
            if e > 1, e < best, side * q * (sum * e * e - difference) < 0 { best = e }
        }
        if sum == 0 {
            if c != 0 { consider(difference / (2 * c)) }
        } else {
            let disc = c * c - sum * difference
            guard disc >= 0 else { return nil }
            let root = c + (c >= 0 ? 1 : -1) * disc.squareRoot()
            consider(root / sum)
            if root != 0 { consider(difference / root) }
        }
        return best.isFinite ? best : nil
    }
}
