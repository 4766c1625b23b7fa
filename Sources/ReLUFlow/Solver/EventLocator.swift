/// Locates the earliest of several events inside a step [t0, t0 + span], given their values at
/// both ends (each >= 0 before its event; some < 0 at the end) and a way to evaluate them at any
/// offset in the step. Illinois regula falsi on the event that a linear interpolation puts first,
/// started at that event's cubic estimate (and one Newton step on the estimate's rate) when it
/// has one; an event found negative at a probe before the chosen one's root becomes the chosen
/// one. Knows nothing of the flow: the values come from the `probe` closure.
struct EventLocator {
    /// Event values at one offset, and for each event the distance |value| from its root within
    /// which a point there is accepted when the event accepts either side (0: only the
    /// relative acceptance applies).
    struct Probe {
        let values: [Double]
        let bands: [Double]
    }

    /// Where the location ended: the offset (the end of the last bracket, past the root, unless
    /// a point within acceptance before it was taken), which event, and whether it converged.
    struct Location: Equatable {
        let offset: Double
        let event: Int
        let converged: Bool
    }

    /// The step's start time (the bracket's width is measured in ulps of t0 + offset) and length.
    let startTime: Double
    let span: Double
    /// Per event: whether a point on either side of the root within acceptance ends the location
    /// (else only a bracket of `bracketUlps` ulps past the root does).
    let acceptsEitherSide: [Bool]
    /// A point is accepted once |value| <= this fraction of |start| + |end| of the first chosen
    /// event (or its band at that point, whichever is larger).
    let relativeAcceptance: Double
    /// Cubic estimates of some events, by index: the first guess of their root, and the rate for
    /// one Newton step after it.
    var estimates: [Int: CrossingEstimate] = [:]
    var iterationLimit = SolverLimits.locatorIterations
    var bracketUlps = SolverLimits.locatorBracketUlps

    /// The earliest event's location. `probe(tau)` gives the events' values at offset tau in
    /// (0, span); `keepBracketEnd()` is called after a probe whose point becomes the bracket's end,
    /// the point returned unless a later probe replaces it (the start and the end of the step are
    /// never probed: an offset of 0 or `span` means that point).
    func locate(start: [Double], end: [Double], probe: (Double) throws -> Probe,
                keepBracketEnd: () -> Void = {}) rethrows -> Location {
        var valuesAtLow = start
        func firstByInterpolation(_ candidates: [Int], high: [Double]) -> Int {
            candidates.min { a, b in
                rootFraction(valuesAtLow[a], high[a]) < rootFraction(valuesAtLow[b], high[b])
            }!
        }
        var chosen = firstByInterpolation(Array(start.indices), high: end)
        var low = 0.0, high = span
        var lowValue = valuesAtLow[chosen], highValue = end[chosen]
        var retained = 0
        let accepted = relativeAcceptance * (abs(lowValue) + abs(highValue))
        if lowValue < 0 { return Location(offset: 0, event: chosen, converged: true) }
        // The estimate's root, then one Newton step on its rate, before regula falsi.
        var guess = estimates[chosen]?.root()
        var previous: (tau: Double, value: Double)?
        for _ in 0..<iterationLimit {
            if high - low <= bracketUlps * Double.ulpOfOne * max(abs(startTime + high), Double.leastNormalMagnitude) {
                return Location(offset: high, event: chosen, converged: true)
            }
            if guess == nil, let (tp, vp) = previous, let estimate = estimates[chosen] {
                let r = estimate.rate(tp / span)
                if r != 0 { guess = tp - vp / r }
            }
            var tau = guess ?? (high - highValue * (high - low) / (highValue - lowValue))
            if !(tau > low && tau < high) { tau = high - highValue * (high - low) / (highValue - lowValue) }
            if !(tau > low && tau < high) { tau = 0.5 * (low + high) }
            previous = previous == nil && guess != nil ? (tau, 0) : nil
            guess = nil
            let point = try probe(tau)
            let values = point.values
            let earlier = values.indices.filter { $0 != chosen && values[$0] < 0 }
            if !earlier.isEmpty {
                chosen = firstByInterpolation(earlier, high: values)
                high = tau; highValue = values[chosen]; lowValue = valuesAtLow[chosen]
                keepBracketEnd()
                retained = 0
                continue
            }
            let value = values[chosen]
            if previous != nil { previous = (tau, value) }
            if abs(value) <= max(accepted, point.bands[chosen]), acceptsEitherSide[chosen] {
                keepBracketEnd()
                return Location(offset: tau, event: chosen, converged: true)
            }
            if value < 0 {
                high = tau; highValue = value
                keepBracketEnd()
                if retained == -1 { lowValue *= 0.5 }
                retained = -1
            } else {
                low = tau; lowValue = value; valuesAtLow = values
                if retained == 1 { highValue *= 0.5 }
                retained = 1
            }
        }
        return Location(offset: high, event: chosen, converged: false)
    }

    /// Fraction of the bracket at which a linear interpolation of an event function reaches 0.
    private func rootFraction(_ low: Double, _ high: Double) -> Double {
        low <= 0 ? 0 : low / (low - high)
    }
}
