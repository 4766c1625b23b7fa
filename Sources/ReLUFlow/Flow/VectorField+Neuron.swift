/// One neuron's share of the field, at O(nd) cost: what an event of that neuron needs when the
/// loss derivatives do not change (the decoupled phase of small initializations).
extension VectorField {
    /// Sets the loss derivatives to their values at zero output, l'(0, y_i).
    func freezeLossDerivativesAtZeroOutput() {
        freezeLossDerivatives(atOutputs: [Double](repeating: 0, count: samples))
    }

    /// Sets the loss derivatives to their values at the given outputs, l'(f_i, y_i).
    func freezeLossDerivatives(atOutputs f: [Double]) {
        for i in 0..<samples { lossDerivatives[i] = loss.derivative(output: f[i], label: labels[i]) }
    }

    /// K = (c alpha / n) sum_i |l'_i| ||x_i|| from the loss derivatives as they stand: a bound on
    /// every ||D_j|| while they do not change.
    func descentBound() -> Double {
        var growth = 0.0
        for i in 0..<samples { growth += abs(lossDerivatives[i]) * inputNorms[i] }
        return abs(gradientScale) / Double(samples) * growth
    }

    /// D_j = -(c alpha / n) sum_i E_ij x_i on neuron j's current modes, from the loss derivatives as
    /// they stand: its sliding weights solved (D_j then tangent to the sliding surfaces); row j of
    /// `descent` set.
    func neuronDescent(_ j: Int) -> [Double] {
        let d = dimension
        let active = pattern.active.withUnsafeBufferPointer { mask in
            columnCombinations(mask.baseAddress!, weights: lossDerivatives, columns: [j])[0]
        }
        var direction = active
        if !pattern.sliding[j].isEmpty {
            solveSliding(j, activeSum: active)
            for (l, z) in slidingDerivatives[j] {
                for k in 0..<d { direction[k] += z * inputs[l * d + k] }
            }
        }
        let scale = -gradientScale / Double(samples)
        direction = direction.map { scale * $0 }
        if let factor = slidingFactors[j] {
            // Tangent to the sliding surfaces to rounding of D itself, not of the sum it cancels
            // from: remove what is left along the x_l (K_SS c = X_S D).
            let set = pattern.sliding[j]
            var c = set.map { inputProduct(direction, $0) }
            choleskySolve(factor, size: set.count, &c)
            for (r, l) in set.enumerated() {
                for k in 0..<d { direction[k] -= c[r] * inputs[l * d + k] }
            }
        }
        for k in 0..<d { descent[j * d + k] = direction[k] }
        return direction
    }

    /// Column j of the pre-activations, <v_j, x_i> for every i, at state y.
    func refreshPreactivations(of j: Int, state y: UnsafePointer<Double>) {
        for i in 0..<samples { preactivations[i * neurons + j] = inputProduct(y + j * dimension, i) }
    }

    /// Neuron j's rows of the velocity at state y after its modes changed where the pairs that
    /// changed sit on their surfaces (relu(0) either way): the outputs, and with them every other
    /// neuron's velocity, are those of the latest evaluation, and only D_j is formed again on
    /// the new modes (O(nd)). Column j of the pre-activations must be current at y.
    func refreshVelocity(of j: Int, state y: UnsafePointer<Double>, into dydt: UnsafeMutablePointer<Double>) {
        let d = dimension, m = neurons
        let direction = neuronDescent(j)
        switch parametrisation {
        case .weights:
            // da_j = -(c alpha / n) sum_i l'_i A_ij <w_j, x_i> (sliding pairs are on their surfaces).
            var sum = 0.0
            pattern.active.withUnsafeBufferPointer { active in
                for i in 0..<samples { sum += active[i * m + j] * lossDerivatives[i] * preactivations[i * m + j] }
            }
            for k in 0..<d { dydt[j * d + k] = y[m * d + j] * direction[k] }
            dydt[m * d + j] = -gradientScale / Double(samples) * sum
        case .logNorm:
            let r = hiddenNorm(j, y), s = signs[j]
            var p = 0.0
            for k in 0..<d { p += direction[k] * y[j * d + k] }
            for k in 0..<d { dydt[j * d + k] = s * (r * direction[k] - p / r * y[j * d + k]) }
            dydt[m * d + j] = s * p / r
        }
    }

    /// The change of neuron j's velocity rows at state y (its d hidden rows, then its output's)
    /// when pair (i, j) turns active (`toActive`) or inactive, for a neuron that slides on
    /// nothing, from sample i's loss derivative g and the pair's pre-activation e at y: D_j moves
    /// by -/+ (c alpha / n) g x_i, and with weights a_j' by -/+ (c alpha / n) g e. Linear in g, so
    /// the jumps of several pairs add; O(d).
    func switchJump(sample i: Int, neuron j: Int, toActive: Bool, lossDerivative g: Double, preactivation e: Double,
                    state y: UnsafePointer<Double>) -> [Double] {
        let d = dimension, m = neurons
        let scale = (toActive ? -1 : 1) * gradientScale / Double(samples) * g
        let direction = (0..<d).map { scale * inputs[i * d + $0] }
        var jump = [Double](repeating: 0, count: d + 1)
        switch parametrisation {
        case .weights:
            for k in 0..<d { jump[k] = y[m * d + j] * direction[k] }
            jump[d] = scale * e
        case .logNorm:
            let r = hiddenNorm(j, y), s = signs[j]
            var p = 0.0
            for k in 0..<d { p += direction[k] * y[j * d + k] }
            for k in 0..<d { jump[k] = s * (r * direction[k] - p / r * y[j * d + k]) }
            jump[d] = s * p / r
        }
        return jump
    }
}
