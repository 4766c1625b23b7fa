extension VectorField {
    /// The sliding-exit event functions (both bounds of every sliding pair) at the latest
    /// evaluation, at state y.
    func slidingExitValues(state y: UnsafePointer<Double>) -> [FlowEvent: Double] {
        var values: [FlowEvent: Double] = [:]
        for j in 0..<neurons {
            for l in pattern.sliding[j] {
                for upper in [false, true] {
                    let event = FlowEvent.slidingExit(sample: l, neuron: j, upper: upper)
                    values[event] = eventValue(event, state: y)
                }
            }
        }
        return values
    }
}

/// Values and rates of the sliding-exit event functions at one state: with the values at both
/// ends of a step they give each theta's cubic Hermite interpolant, which shows a theta that left
/// [0, 1] and came back inside the step.
struct SlidingExitProfile {
    var values: [FlowEvent: Double] = [:]
    var rates: [FlowEvent: Double] = [:]

    /// The longest step that does not run far past the earliest exit the rates predict (1.5 times
    /// its linear estimate, and at least 1e-6 of the last step). An exit function can come back
    /// above 0 after leaving (the sliding solution does not stop at theta = 1), so a long step could
    /// hold several roots and the location could find a later one.
    func stepCap(after lastSpan: Double) -> Double {
        var cap = Double.infinity
        for (event, value) in values {
            guard let rate = rates[event], rate < 0, value > 0 else { continue }
            cap = min(cap, SolverLimits.slidingStepCapFactor * value / -rate)
        }
        return max(cap, SolverLimits.slidingRateProbe * lastSpan)
    }

    /// The exits that the interpolants between `start` and `self` (a step of length `span`) show
    /// inside the step, with the fraction of the step where each is deepest.
    func dips(since start: SlidingExitProfile, span: Double) -> [(event: FlowEvent, fraction: Double)] {
        values.compactMap { event, e1 in
            guard let e0 = start.values[event], let r0 = start.rates[event], let r1 = rates[event],
                  let dip = hermiteMinimum(e0, r0 * span, e1, r1 * span), dip.value < 0 else { return nil }
            return (event, dip.fraction)
        }
    }
}
