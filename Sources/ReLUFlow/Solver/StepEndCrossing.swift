/// Crossings taken where a step ends instead of located by re-steps.
///
/// A pair (i, j) whose pre-activation h = <v_j, x_i> moves towards its surface at rate h' reaches
/// it, to first order, after h / -h'. The integrator ends each step at the earliest such time
/// (`forecast`), so that a crossing usually lands close to a step's end, on either side. There
/// the state is moved to the surface by a first-order Taylor step y + delta y'(t1): its
/// remainder |y''| delta^2 / 2 is kept below a fraction of the step's own tolerance in every
/// component (`reach`), and a crossing farther than that is located by re-steps as before.
enum StepEndCrossing {
    /// The largest |delta| for which y + delta y'(t1) stays within `budget` (atol + rtol |y_c|)
    /// of the flow in every component c, with y''_c estimated by the change of the velocity over
    /// the step, (y'_c(t1) - y'_c(t0)) / span. Infinite when the velocity did not change.
    static func reach(state y: UnsafePointer<Double>, startVelocity: UnsafePointer<Double>,
                      endVelocity: UnsafePointer<Double>, count: Int, span: Double,
                      relativeTolerance: Double, absoluteTolerance: Double, budget: Double) -> Double {
        var reachSquared = Double.infinity
        for c in 0..<count {
            let acceleration = abs(endVelocity[c] - startVelocity[c]) / span
            guard acceleration > 0 else { continue }
            let allowed = budget * (absoluteTolerance + relativeTolerance * abs(y[c]))
            reachSquared = min(reachSquared, 2 * allowed / acceleration)
        }
        return reachSquared.squareRoot()
    }

    /// Time from now until a pre-activation reaches its surface at its present rate: `value`
    /// and `rate` signed so that the pair's own side is positive (a crossed pair has a negative
    /// value and a negative time). Nil when the pair does not move towards its surface.
    static func offset(value: Double, rate: Double) -> Double? {
        rate < 0 ? value / -rate : nil
    }

    /// The earliest `offset` over the pairs p moving towards their surface that `admits(p, value)`
    /// (values and rates signed by their side: + where `active[p]` = 1, - where it is 0), and
    /// which pair it is; nil when there is none. `admits` is asked only of a pair that would be
    /// the earliest so far.
    static func earliest(values: UnsafePointer<Double>, rates: UnsafePointer<Double>,
                         active: UnsafePointer<Double>, count: Int,
                         admits: (Int, Double) -> Bool) -> (offset: Double, pair: Int)? {
        var first = Double.infinity, pair = -1
        for p in 0..<count {
            // active[p] is 0 or 1: the side's sign without a branch.
            let s = 2 * active[p] - 1, rate = s * rates[p]
            guard rate < 0 else { continue }
            let value = s * values[p], t = value / -rate
            if t < first, admits(p, value) { (first, pair) = (t, p) }
        }
        return pair < 0 ? nil : (first, pair)
    }

    /// The earliest `offset` over pairs p farther than `level(p)` on their side (pairs on their
    /// surface within rounding, and sliding pairs, excluded), at least `floor`; infinite when no
    /// pair moves towards its surface.
    static func forecast(values: UnsafePointer<Double>, rates: UnsafePointer<Double>,
                         active: UnsafePointer<Double>, count: Int, level: (Int) -> Double,
                         isSliding: (Int) -> Bool, floor: Double) -> Double {
        let first = earliest(values: values, rates: rates, active: active, count: count) { p, value in
            value > level(p) && !isSliding(p)
        }
        return max(first?.offset ?? .infinity, floor)
    }
}
