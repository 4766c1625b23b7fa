/// The cubic Hermite interpolant of a crossing's event function over a step, from its values and
/// rates at both ends: an estimate of the crossing time with error O(h^4), used to start the
/// location on real re-steps close to the root (and to take a Newton step from there).
struct CrossingEstimate {
    /// Values at the ends (>= 0 at the start, < 0 at the end) and rates times the span, in the
    /// step fraction s in [0, 1].
    let start: Double, end: Double, startSlope: Double, endSlope: Double
    let span: Double

    /// p(s).
    func value(_ s: Double) -> Double {
        let s2 = s * s, s3 = s2 * s
        return (2 * s3 - 3 * s2 + 1) * start + (s3 - 2 * s2 + s) * startSlope
            + (-2 * s3 + 3 * s2) * end + (s3 - s2) * endSlope
    }

    /// dp/dt at t = s * span.
    func rate(_ s: Double) -> Double {
        let s2 = s * s
        return ((6 * s2 - 6 * s) * start + (3 * s2 - 4 * s + 1) * startSlope
            + (-6 * s2 + 6 * s) * end + (3 * s2 - 2 * s) * endSlope) / span
    }

    /// A root of p in (0, span) by bisection on the sign change (time offset), nil without one.
    func root() -> Double? {
        guard start >= 0, end < 0 else { return nil }
        var low = 0.0, high = 1.0
        for _ in 0..<60 {
            let mid = 0.5 * (low + high)
            if value(mid) >= 0 { low = mid } else { high = mid }
        }
        let s = 0.5 * (low + high)
        return s > 0 && s < 1 ? s * span : nil
    }
}
