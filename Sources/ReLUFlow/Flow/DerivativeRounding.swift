import Foundation

/// Rounding levels of what decides a sliding pair's fate: the loss derivatives l'(f_i, y_i) and
/// the sliding weights z_l = theta_l l'_l. Near a fitted sample l'_i is a difference of numbers
/// of order |f_i|, so its absolute rounding stays near ulp |f_i| however small l'_i becomes; there
/// theta_l = z_l / l'_l is a ratio of rounding errors, and a sliding exit declared on its sign
/// recurs at once (the next evaluation, a rounding error away, reverses it).
extension VectorField {
    /// The rounding level of l'(f_i, y_i) at the latest evaluation (state y), for every sample:
    /// the loss's curvature bound times the level of f_i, 4 (d + 4) ulp alpha ||x_i||
    /// sum_j A_ij |o_j| ||v_j|| (that of each active pre-activation, `roundingLevel`, summed), plus
    /// 4 ulp |l'_i|. Computed once per evaluation, on demand.
    func derivativeRoundingLevels(state y: UnsafePointer<Double>) -> UnsafePointer<Double> {
        if derivativeRoundingEvaluation != evaluations {
            let n = samples, m = neurons
            var scales = [Double](repeating: 0, count: m)
            for j in 0..<m {
                let norm = parametrisation == .logNorm ? directionNorms[j] : hiddenNorm(j, y)
                scales[j] = abs(outputCoefficients[j]) * norm
            }
            pattern.active.withUnsafeBufferPointer { mask in
                BLAS.gemv(transpose: false, rows: n, cols: m, alpha: abs(outputScale), mask.baseAddress!, scales,
                          beta: 0, derivativeRounding)
            }
            for i in 0..<n {
                // sum_j A_ij |o_j| ||v_j|| is in derivativeRounding[i]: the pre-activations' level of it.
                let outputLevel = roundingLevel(i, norm: derivativeRounding[i])
                derivativeRounding[i] = loss.curvatureBound(label: labels[i]) * outputLevel
                    + 4 * Double.ulpOfOne * abs(lossDerivatives[i])
            }
            derivativeRoundingEvaluation = evaluations
            slidingRoundingCache = Array(repeating: nil, count: neurons)
        }
        return UnsafePointer(derivativeRounding)
    }

    /// The rounding levels of z_l and of l'_l for sliding pair (l, j) at the latest evaluation
    /// (state y). z solves K_SS z = -sum_{i active} l'_i K_{S,i}, so its level is
    /// |K_SS^-1| sum_{i active} eps_i |K_{S,i}| with eps_i the level of l'_i.
    func slidingRounding(_ l: Int, _ j: Int, state y: UnsafePointer<Double>) -> (z: Double, derivative: Double) {
        let eps = derivativeRoundingLevels(state: y)
        let set = pattern.sliding[j]
        guard let r = set.firstIndex(of: l), let inverse = slidingInverseMagnitudes[j] else { return (0, eps[l]) }
        if slidingRoundingCache[j] == nil {
            let k = set.count, m = neurons
            let right = set.map { a in
                let gram = absoluteGramRow(a)
                return pattern.active.withUnsafeBufferPointer { mask in
                    var s = 0.0
                    for i in 0..<samples where mask[i * m + j] != 0 { s += eps[i] * gram[i] }
                    return s
                }
            }
            var levels = [Double](repeating: 0, count: k)
            for c in 0..<k {
                for q in 0..<k { levels[q] += inverse[q * k + c] * right[c] }
            }
            slidingRoundingCache[j] = levels
        }
        return (slidingRoundingCache[j]![r], eps[l])
    }

    /// |<x_a, x_i>| for every sample i: the kept row when n is small enough to keep it
    /// (`gramRowSamples`, formed on first use), else formed into `sampleProducts` (valid until
    /// their next use).
    private func absoluteGramRow(_ a: Int) -> UnsafePointer<Double> {
        if a < absoluteGramRows.count, let row = absoluteGramRows[a] { return UnsafePointer(row) }
        let kept = a < absoluteGramRows.count
        let row = kept ? UnsafeMutablePointer<Double>.allocate(capacity: samples) : sampleProducts
        inputProducts(inputs + a * dimension, into: row)
        for i in 0..<samples { row[i] = abs(row[i]) }
        if kept { absoluteGramRows[a] = row }
        return UnsafePointer(row)
    }
}
