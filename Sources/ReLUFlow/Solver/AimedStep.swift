/// A Heun step aimed at a forecast crossing: where events cut the steps short, a step of two
/// evaluations that ends on the crossing's surface.
///
/// From y0 with velocity v0 the Euler point y* = y0 + H v0 is evaluated, v* = F(y*), and the
/// step's continuous extension is the quadratic
///
///     y(s) = y0 + s v0 + s^2 / (2 H) (v* - v0),    0 <= s <= H,
///
/// whose end y(H) is Heun's (second order) and whose error against the flow is O(H^3) on the
/// whole step. Its difference from the Euler line, s^2 / (2 H) |v* - v0|, bounds the error of
/// the first-order step and so, conservatively, that of y(s): the step is taken when that is
/// within the tolerance in every component (`errorRatio` <= 1), as GSL's control accepts a step.
/// A pre-activation e(s) = <y_j(s), x_i> is the quadratic e0 + s r0 + s^2 (r* - r0) / (2 H) in s
/// (its rates r0, r* at y0 and y*), so the step ends exactly where it reaches its surface
/// (`root`): there the field's evaluation at the step's end is also the event's, and only the
/// crossing neuron's velocity changes with its modes.
enum AimedStep {
    /// The earliest s in (0, `reach` H] where e0 + s r0 + s^2 (r1 - r0) / (2 H) = 0, for a
    /// pre-activation signed so that its own side is positive (e0 >= 0); nil when it stays on
    /// its side there.
    static func root(value e0: Double, startRate r0: Double, trialRate r1: Double, span: Double,
                     reach: Double) -> Double? {
        let a = (r1 - r0) / (2 * span), b = r0, c = e0
        let limit = reach * span
        var roots: [Double] = []
        if a == 0 {
            if b < 0 { roots = [-c / b] }
        } else {
            let disc = b * b - 4 * a * c
            guard disc >= 0 else { return nil }
            let q = -0.5 * (b + (b >= 0 ? 1 : -1) * disc.squareRoot())
            roots = [q / a] + (q != 0 ? [c / q] : [])
        }
        return roots.filter { $0 > 0 && $0 <= limit }.min()
    }

    /// max_c s^2 / (2 H) |v*_c - v0_c| / (atol + rtol |y0_c|): the first-order error at s in units
    /// of the step's tolerance.
    static func errorRatio(start y0: UnsafePointer<Double>, startVelocity v0: UnsafePointer<Double>,
                           trialVelocity v1: UnsafePointer<Double>, count: Int, span: Double, at s: Double,
                           relativeTolerance: Double, absoluteTolerance: Double) -> Double {
        var worst = 0.0
        for c in 0..<count {
            worst = max(worst, abs(v1[c] - v0[c]) / (absoluteTolerance + relativeTolerance * abs(y0[c])))
        }
        return s * s / (2 * span) * worst
    }

    /// y(s) of the continuous extension into `out`.
    static func extend(start y0: UnsafePointer<Double>, startVelocity v0: UnsafePointer<Double>,
                       trialVelocity v1: UnsafePointer<Double>, count: Int, span: Double, to s: Double,
                       into out: UnsafeMutablePointer<Double>) {
        let curvature = s * s / (2 * span)
        for c in 0..<count { out[c] = y0[c] + s * v0[c] + curvature * (v1[c] - v0[c]) }
    }

    /// max_c |v1_c - v0_c| / (span (atol + rtol |y0_c|)) over a step from y0 of length `span`.
    static func acceleration(start y0: UnsafePointer<Double>, startVelocity v0: UnsafePointer<Double>,
                             endVelocity v1: UnsafePointer<Double>, count: Int, span: Double,
                             relativeTolerance: Double, absoluteTolerance: Double) -> Double {
        guard span > 0 else { return .infinity }
        return errorRatio(start: y0, startVelocity: v0, trialVelocity: v1, count: count, span: span, at: span,
                          relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance) * 2 / (span * span)
    }

    /// The error ratio (`errorRatio`) that a step of length H is expected to have, from the
    /// latest step's `acceleration`.
    static func predictedRatio(span: Double, acceleration: Double) -> Double {
        span * span / 2 * acceleration
    }
}
