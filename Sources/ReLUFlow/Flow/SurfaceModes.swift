/// Deciding, at an event, which side of its switching surfaces a neuron takes, and holding it there.
///
/// For neuron j and the pairs Z on (or at) its surfaces, the Filippov velocity is
/// kappa_j (D0 + sum_{l in Z} theta_l c_l x_l) with theta in [0, 1]^Z. A surface with
/// kappa_j l'_l > 0 is attracting (the loss has a convex kink there); on those, the consistent
/// theta is the minimum-norm one (a box-constrained least-squares problem): theta_l = 0 goes
/// inactive, theta_l = 1 active, anything between slides. A repelling surface is crossed.
extension VectorField {
    /// Below this distance from 0 or 1 a theta from the box problem is taken as the bound.
    static let boundSnap = 1e-10

    /// Rounding level of the pre-activation <v_j, x_i> for a neuron of norm `norm`: its sign is
    /// not meaningful below this.
    func roundingLevel(_ i: Int, norm: Double) -> Double {
        inputNorms[i] * neuronRoundingFactor(norm: norm)
    }

    /// The neuron's factor of `roundingLevel`, 4 (d + 4) ulp ||v_j||.
    func neuronRoundingFactor(norm: Double) -> Double {
        4 * Double(dimension + 4) * Double.ulpOfOne * norm
    }

    /// Every pair's `roundingLevel` at state y, as a product of a sample's and a neuron's factor.
    func pairLevels(state y: UnsafePointer<Double>) -> StepEndCrossing.Levels {
        StepEndCrossing.Levels(rows: inputNorms, columns: (0..<neurons).map { neuronRoundingFactor(norm: hiddenNorm($0, y)) })
    }

    /// ||v_j|| for the hidden vector of neuron j in state `y`.
    func hiddenNorm(_ j: Int, _ y: UnsafePointer<Double>) -> Double {
        euclideanNorm(UnsafeBufferPointer(start: y + j * dimension, count: dimension))
    }

    /// Re-decides the modes of neuron j's pairs `candidates`, using the latest evaluation (which
    /// must be at state `y`). `crossing` names a pair that reached its surface transversally and
    /// the side it was heading to (used when that surface repels).
    func decideModes(neuron j: Int, candidates: [Int], crossing: (sample: Int, toActive: Bool)?,
                     state y: UnsafePointer<Double>) -> PatternChanges {
        let m = neurons
        let kappa = velocityFactor(j, state: y)
        let g = lossDerivatives
        // Current theta per candidate (sliding ones from the latest evaluation).
        var current: [Int: Double] = [:]
        for l in candidates {
            current[l] = pattern.isSliding(l, j) ? min(1, max(0, slidingWeight(l, j))) : (pattern.isActive(l, j) ? 1 : 0)
        }
        // Contribution of the active pairs outside Z to <sum g_i x_i, x_l>.
        var outsideWeights = Array(UnsafeBufferPointer(start: g, count: samples))
        for l in candidates { outsideWeights[l] = 0 }
        let outside = pattern.active.withUnsafeBufferPointer { mask in
            outsideWeights.withUnsafeBufferPointer { columnCombinations(mask.baseAddress!, weights: $0.baseAddress!, columns: [j])[0] }
        }
        var base: [Int: Double] = [:]
        for l in candidates { base[l] = inputProduct(outside, l) }
        let attracting = candidates.filter { kappa * g[$0] > 0 }
        let repelling = candidates.filter { kappa * g[$0] <= 0 }
        var decided: [Int: Double] = [:]
        for l in repelling {
            if let c = crossing, c.sample == l {
                decided[l] = c.toActive ? 1 : 0
            } else {
                decided[l] = (current[l] ?? 0) >= 0.5 ? 1 : 0
            }
        }
        if !attracting.isEmpty {
            let k = attracting.count
            var q = [Double](repeating: 0, count: k * k)
            var p = [Double](repeating: 0, count: k)
            for (r, a) in attracting.enumerated() {
                var s = base[a]!
                for l in repelling where decided[l]! == 1 { s += g[l] * inputProduct(l, a) }
                p[r] = g[a] * s
                for (c, b) in attracting.enumerated() { q[r * k + c] = g[a] * g[b] * inputProduct(a, b) }
            }
            let (theta, converged) = minimiseOnUnitBox(q: q, p: p, start: attracting.map { current[$0]! })
            if !converged { unconvergedBoxSolves += 1 }
            for (r, a) in attracting.enumerated() {
                let t = theta[r]
                decided[a] = t <= Self.boundSnap ? 0 : (t >= 1 - Self.boundSnap ? 1 : t)
            }
        }
        // Apply, counting what changed.
        var changes = PatternChanges()
        for l in candidates {
            let wasSliding = pattern.isSliding(l, j), wasActive = pattern.isActive(l, j)
            let t = decided[l]!
            let nowSliding = t > 0 && t < 1
            let nowActive = t == 1
            if nowSliding && !wasSliding { changes.slidingEntries += 1 }
            if wasSliding && !nowSliding { changes.slidingExits += 1 }
            if !wasSliding && !nowSliding && wasActive != nowActive { changes.switches += 1 }
            pattern.active[l * m + j] = nowActive ? 1 : 0
            if nowSliding && !wasSliding { pattern.sliding[j].append(l) }
            if wasSliding && !nowSliding { pattern.sliding[j].removeAll { $0 == l } }
        }
        pattern.sliding[j].sort()
        while !refactorSliding(j), let last = pattern.sliding[j].popLast() {
            // Linearly dependent surfaces: the last one cannot be held independently; it keeps the
            // side its theta leans to.
            pattern.active[last * m + j] = (decided[last] ?? 0) >= 0.5 ? 1 : 0
            changes.slidingEntries -= 1
        }
        return changes
    }

    /// Moves v_j (the least distance) onto the surfaces <v_j, x_i> = 0 for i in `surfaces`
    /// (skipping any that depends linearly on those before it); in the log-norm formulation the
    /// direction is then put back on the unit sphere. When the surfaces pin v_j to 0 (what is left
    /// is rounding), v_j is set to 0 exactly.
    func project(neuron j: Int, onto surfaces: [Int], state y: UnsafeMutablePointer<Double>) {
        guard !surfaces.isEmpty else { return }
        let d = dimension
        var kept: [Int] = []
        var factor: [Double] = []
        for i in surfaces {
            let candidate = kept + [i]
            let k = candidate.count
            var block = [Double](repeating: 0, count: k * k)
            for (r, a) in candidate.enumerated() { for (c, b) in candidate.enumerated() { block[r * k + c] = inputProduct(a, b) } }
            if let f = choleskyFactor(block, size: k) { kept = candidate; factor = f }
        }
        guard !kept.isEmpty else { return }
        let before = hiddenNorm(j, y)
        var coefficients = kept.map { i in (0..<d).reduce(0.0) { $0 + inputs[i * d + $1] * y[j * d + $1] } }
        choleskySolve(factor, size: kept.count, &coefficients)
        for (r, i) in kept.enumerated() {
            for c in 0..<d { y[j * d + c] -= coefficients[r] * inputs[i * d + c] }
        }
        if parametrisation == .weights, hiddenNorm(j, y) <= 64 * Double.ulpOfOne * before {
            for c in 0..<d { y[j * d + c] = 0 }
        }
        if parametrisation == .logNorm { normaliseDirection(j, y) }
    }

    /// Rescales u_j to unit norm; returns how far its norm was from 1.
    @discardableResult
    func normaliseDirection(_ j: Int, _ y: UnsafeMutablePointer<Double>) -> Double {
        let d = dimension
        let r = euclideanNorm(UnsafeBufferPointer(start: y + j * d, count: d))
        guard r > 0 else { return 1 }
        for c in 0..<d { y[j * d + c] /= r }
        return abs(r - 1)
    }
}
