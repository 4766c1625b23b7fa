extension VectorField {
    /// Every sliding pair (l, j), neuron by neuron in the order of its sliding set: the order of
    /// `slidingExitValues` and `slidingExitChanges`.
    func slidingPairs() -> [SlidingPair] {
        (0..<neurons).flatMap { j in pattern.sliding[j].map { SlidingPair(sample: $0, neuron: j) } }
    }

    /// The sliding-exit event functions, lower (theta >= 0) and upper (theta <= 1), of every
    /// sliding pair (`slidingPairs` order) at the latest evaluation, at state y.
    func slidingExitValues(state y: UnsafePointer<Double>) -> (lower: [Double], upper: [Double]) {
        var lower: [Double] = [], upper: [Double] = []
        for j in 0..<neurons {
            for l in pattern.sliding[j] {
                lower.append(eventValue(.slidingExit(sample: l, neuron: j, upper: false), state: y))
                upper.append(eventValue(.slidingExit(sample: l, neuron: j, upper: true), state: y))
            }
        }
        return (lower, upper)
    }

    /// How the sliding-exit functions without their rounding levels, L = s (z + eps g) and
    /// U = s ((1 + eps) g - z) (`slidingBounds`), of every sliding pair (`slidingPairs` order)
    /// change when the latest evaluation's outputs move to f + `shift`, the rest of the evaluation
    /// held. The loss derivatives change by dg_i = l'(f_i + shift_i) - l'(f_i); each sliding
    /// neuron's sum sum_i A_ij l'_i x_i and its sliding weights z are linear in them, so their
    /// changes are formed from dg alone (one pass over the samples for every sliding neuron,
    /// `columnCombinations`, and one solve each), and dL = s (dz + eps dg),
    /// dU = s ((1 + eps) dg - dz). No two nearly equal sums are subtracted, and the evaluation's
    /// z, however its sums were added (with fused multiply-adds in the row kernels, without in
    /// BLAS's path), does not enter.
    func slidingExitChanges(outputShift shift: [Double]) -> (lower: [Double], upper: [Double]) {
        let m = neurons
        let change = (0..<samples).map { i in
            loss.derivative(output: outputs[i] + shift[i], label: labels[i]) - lossDerivatives[i]
        }
        let slidingNeurons = (0..<m).filter { !pattern.sliding[$0].isEmpty }
        let sums = pattern.active.withUnsafeBufferPointer { mask in
            change.withUnsafeBufferPointer { columnCombinations(mask.baseAddress!, weights: $0.baseAddress!, columns: slidingNeurons) }
        }
        var lower: [Double] = [], upper: [Double] = []
        for (c, j) in slidingNeurons.enumerated() {
            let solutionChange = slidingSolution(j, activeSum: sums[c])
            let s = attractionSign(j), eps = Self.slidingAllowance
            for l in pattern.sliding[j] {
                let dz = solutionChange.first { $0.sample == l }?.z ?? 0, dg = change[l]
                lower.append(s * (dz + eps * dg))
                upper.append(s * ((1 + eps) * dg - dz))
            }
        }
        return (lower, upper)
    }
}

/// A sliding pair: sample l of neuron j's sliding set.
struct SlidingPair: Equatable {
    let sample: Int
    let neuron: Int
}

/// Values and rates of the sliding-exit event functions at one state: with the values at both
/// ends of a step they give each theta's cubic Hermite interpolant, which shows a theta that left
/// [0, 1] and came back inside the step. Per pair of `pairs`: the lower (theta >= 0) and upper
/// (theta <= 1) functions and their rates.
struct SlidingExitProfile {
    var pairs: [SlidingPair] = []
    var lower: [Double] = [], upper: [Double] = []
    var lowerRates: [Double] = [], upperRates: [Double] = []

    /// The longest step that does not run far past the earliest exit the rates predict (1.5 times
    /// theta's linear estimate, below, and at least 1e-6 of the last step). An exit function can come back
    /// above 0 after leaving (the sliding solution does not stop at theta = 1), so a long step could
    /// hold several roots and the location could find a later one.
    ///
    /// The estimate is theta's own: the exit functions are L = theta G and U = (1 - theta) G with
    /// G = L + U = s g (to eps), so theta reaches 0 after L / -(L' - L G' / G) (and 1 likewise
    /// from U). Where l'_l = g falls to 0 both functions fall to 0 with it; their own linear
    /// estimates would then shrink the steps geometrically towards that time (a Zeno sequence of
    /// steps), while theta's do not, and the sign change of G there is found at the step's end.
    func stepCap(after lastSpan: Double) -> Double {
        var cap = Double.infinity
        for k in pairs.indices where k < lowerRates.count {
            // G = s g > 0 while the pair slides; at g = 0 theta is not defined and gives no cap.
            let total = lower[k] + upper[k], totalRate = lowerRates[k] + upperRates[k]
            guard total > 0 else { continue }
            for (value, rate) in [(lower[k], lowerRates[k]), (upper[k], upperRates[k])] where value > 0 {
                let approach = -(rate - value * totalRate / total)
                guard approach > 0 else { continue }
                cap = min(cap, SolverLimits.slidingStepCapFactor * value / approach)
            }
        }
        return max(cap, SolverLimits.slidingRateProbe * lastSpan)
    }

    /// The exits that the interpolants between `start` and `self` (a step of length `span`) show
    /// inside the step, for the pairs that slide at both ends, with the fraction of the step where
    /// each is deepest.
    func dips(since start: SlidingExitProfile, span: Double) -> [(event: FlowEvent, fraction: Double)] {
        guard lowerRates.count == pairs.count, start.lowerRates.count == start.pairs.count else { return [] }
        let startIndex = start.pairs == pairs ? Array(pairs.indices)
            : pairs.map { pair in start.pairs.firstIndex(of: pair) ?? -1 }
        var found: [(event: FlowEvent, fraction: Double)] = []
        for (k, pair) in pairs.enumerated() where startIndex[k] >= 0 {
            let q = startIndex[k]
            let ends = [(false, start.lower[q], start.lowerRates[q], lower[k], lowerRates[k]),
                        (true, start.upper[q], start.upperRates[q], upper[k], upperRates[k])]
            for (isUpper, e0, r0, e1, r1) in ends {
                guard let dip = hermiteMinimum(e0, r0 * span, e1, r1 * span), dip.value < 0 else { continue }
                found.append((.slidingExit(sample: pair.sample, neuron: pair.neuron, upper: isUpper), dip.fraction))
            }
        }
        return found
    }
}
