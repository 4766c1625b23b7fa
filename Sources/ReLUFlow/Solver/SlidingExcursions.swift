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

    /// The sliding-exit functions without their rounding levels, z g + eps g^2 and
    /// g^2 - z g + eps g^2 (eps = `slidingAllowance`), of every sliding pair: at the latest
    /// evaluation when y is nil, else at y by a forward pass and the sliding neurons' own sums
    /// (O(nmd) + O(nd) per sliding neuron), the latest evaluation left as it was. Nil (with
    /// `failure` set) on a non-finite output at y.
    func slidingExitBounds(at y: UnsafePointer<Double>?) -> [FlowEvent: Double]? {
        let m = neurons
        var g = UnsafePointer(lossDerivatives)
        var solutions = slidingDerivatives
        if let y {
            let probe = probeBuffers
            guard forwardPass(y, preactivations: probe.preactivations, outputs: probe.outputs,
                              coefficients: probe.coefficients, norms: probe.norms) else { return nil }
            for i in 0..<samples {
                probe.lossDerivatives[i] = loss.derivative(output: probe.outputs[i], label: labels[i])
            }
            g = UnsafePointer(probe.lossDerivatives)
            pattern.active.withUnsafeBufferPointer { mask in
                for j in 0..<m where !pattern.sliding[j].isEmpty {
                    solutions[j] = slidingSolution(j, activeSum: inputCombination { i in mask[i * m + j] * g[i] })
                }
            }
        }
        var bounds: [FlowEvent: Double] = [:]
        for j in 0..<m {
            for (l, z) in solutions[j] {
                let gl = g[l], allowance = Self.slidingAllowance * gl * gl
                bounds[.slidingExit(sample: l, neuron: j, upper: false)] = z * gl + allowance
                bounds[.slidingExit(sample: l, neuron: j, upper: true)] = gl * gl - z * gl + allowance
            }
        }
        return bounds
    }
}

/// Values and rates of the sliding-exit event functions at one state: with the values at both
/// ends of a step they give each theta's cubic Hermite interpolant, which shows a theta that left
/// [0, 1] and came back inside the step.
struct SlidingExitProfile {
    var values: [FlowEvent: Double] = [:]
    var rates: [FlowEvent: Double] = [:]

    /// The longest step that does not run far past the earliest exit the rates predict (1.5 times
    /// theta's linear estimate, below, and at least 1e-6 of the last step). An exit function can come back
    /// above 0 after leaving (the sliding solution does not stop at theta = 1), so a long step could
    /// hold several roots and the location could find a later one.
    ///
    /// The estimate is theta's own: the exit functions are L = z g = theta g^2 and
    /// U = g^2 - z g = (1 - theta) g^2, so theta reaches 0 after L / -(L' - L G' / G) with
    /// G = L + U = g^2 (and 1 likewise from U). Both functions also fall to 0, without an exit,
    /// where l'_l = g passes through 0; their linear estimates would then shrink the steps
    /// geometrically towards that time (a Zeno sequence of steps), while theta's do not.
    func stepCap(after lastSpan: Double) -> Double {
        var cap = Double.infinity
        for (event, value) in values {
            guard case .slidingExit(let l, let j, let upper) = event, let rate = rates[event], value > 0,
                  let otherValue = values[.slidingExit(sample: l, neuron: j, upper: !upper)],
                  let otherRate = rates[.slidingExit(sample: l, neuron: j, upper: !upper)] else { continue }
            // G = g^2 > 0 while the pair slides; at g = 0 theta is not defined and gives no cap.
            let total = value + otherValue, totalRate = rate + otherRate
            guard total > 0 else { continue }
            let approach = -(rate - value * totalRate / total)
            guard approach > 0 else { continue }
            cap = min(cap, SolverLimits.slidingStepCapFactor * value / approach)
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
