import Foundation
import Testing
@testable import ReLUFlow

/// The change of the sliding-exit functions L = s (z + eps g) and U = s ((1 + eps) g - z) when
/// the outputs move by a small shift (`VectorField.slidingExitChanges`, formed from the change of
/// the loss derivatives alone), against extended-precision (Float80) values formed from the loss
/// derivatives at both outputs (as the loss gives them in double) and the one-surface solve
/// z = -<x_l, S> / ||x_l||^2 of each sliding neuron's sum S.
struct SlidingExitChangesTests {
    /// A random problem at its initial state with neurons 1 and 4 sliding on one surface each.
    func slidingField(seed: UInt64) throws -> (field: VectorField, pairs: [(j: Int, l: Int)]) {
        let problem = try randomProblem(n: 15, d: 4, m: 6, lambda: 0.5, seed: seed)
        let (state, signs) = try Parametrisation.logNorm.state(of: problem.initial)
        let field = VectorField(problem: problem, parametrisation: .logNorm, signs: signs)
        let n = field.samples, m = field.neurons, d = field.dimension
        for i in 0..<n {
            for j in 0..<m {
                let h = (0..<d).reduce(0.0) { $0 + field.inputs[i * d + $1] * state[j * d + $1] }
                field.pattern.active[i * m + j] = h > 0 ? 1 : 0
            }
        }
        let pairs = [(j: 1, l: 2), (j: 4, l: 7)]
        for (j, l) in pairs {
            field.pattern.active[l * m + j] = 0
            field.pattern.sliding[j] = [l]
            #expect(field.refactorSliding(j))
        }
        state.withUnsafeBufferPointer { _ = field.evaluate($0.baseAddress!, nil) }
        return (field, pairs)
    }

    /// l'(f_i + shift_i, y_i) for every sample, in double as the loss gives it.
    func derivatives(_ field: VectorField, shift: [Double]) -> [Double] {
        (0..<field.samples).map { field.loss.derivative(output: field.outputs[$0] + shift[$0], label: field.labels[$0]) }
    }

    /// z = -<x_l, sum_i A_ij w_i x_i> / ||x_l||^2 in Float80.
    func extendedSolve(_ field: VectorField, j: Int, l: Int, weights w: [Float80]) -> Float80 {
        let d = field.dimension
        var product: Float80 = 0, square: Float80 = 0
        for k in 0..<d {
            let x = Float80(field.inputs[l * d + k])
            var sum: Float80 = 0
            for i in 0..<field.samples where field.pattern.isActive(i, j) { sum += w[i] * Float80(field.inputs[i * d + k]) }
            product += x * sum
            square += x * x
        }
        return -product / square
    }

    /// (dL, dU) of pair (l, j) in Float80: with `whole`, L and U formed at both outputs and
    /// subtracted (exact algebra, but the subtraction loses about ulp80 |L|); else formed from the
    /// changes dg and dz (dz solved from dg), whose rounding is far below the change's size.
    func extendedChange(_ field: VectorField, j: Int, l: Int, shift: [Double], whole: Bool) -> (Float80, Float80) {
        let here = derivatives(field, shift: [Double](repeating: 0, count: field.samples)).map { Float80($0) }
        let there = derivatives(field, shift: shift).map { Float80($0) }
        let eps = Float80(VectorField.slidingAllowance), s = Float80(field.signs[j])
        if whole {
            func bounds(_ g: [Float80]) -> (Float80, Float80) {
                let z = extendedSolve(field, j: j, l: l, weights: g)
                return (s * (z + eps * g[l]), s * ((1 + eps) * g[l] - z))
            }
            let (a, b) = (bounds(here), bounds(there))
            return (b.0 - a.0, b.1 - a.1)
        }
        let dg = zip(there, here).map { $0 - $1 }
        let dz = extendedSolve(field, j: j, l: l, weights: dg)
        return (s * (dz + eps * dg[l]), s * ((1 + eps) * dg[l] - dz))
    }

    /// |dz| + |dg_l| for pair (l, j), with |dz| replaced by its magnitude bound
    /// sum_i A_ij |<x_l, x_i>| |dg_i| / ||x_l||^2: the size of the change's terms.
    func termScale(_ field: VectorField, j: Int, l: Int, shift: [Double]) -> Double {
        let dg = zip(derivatives(field, shift: shift), (0..<field.samples).map { field.lossDerivatives[$0] }).map { $0 - $1 }
        let square = field.inputProduct(l, l)
        let dz = (0..<field.samples).reduce(0.0) { sum, i in
            field.pattern.isActive(i, j) ? sum + abs(field.inputProduct(l, i)) * abs(dg[i]) / square : sum
        }
        return dz + abs(dg[l])
    }

    /// (L, U) of pair (l, j) at outputs f + shift in double, each formed whole.
    func doubleBounds(_ field: VectorField, j: Int, l: Int, shift: [Double]) -> (lower: Double, upper: Double) {
        let g = derivatives(field, shift: shift), d = field.dimension
        let sum = field.inputCombination { i in field.pattern.isActive(i, j) ? g[i] : 0 }
        var product = 0.0, square = 0.0
        for k in 0..<d {
            product += field.inputs[l * d + k] * sum[k]
            square += field.inputs[l * d + k] * field.inputs[l * d + k]
        }
        let z = -product / square, eps = VectorField.slidingAllowance, s = field.signs[j]
        return (s * (z + eps * g[l]), s * ((1 + eps) * g[l] - z))
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func changesAgreeWithExtendedPrecision(seed: UInt64) throws {
        let (field, pairs) = try slidingField(seed: seed)
        var generator = SeededGenerator(seed: seed)
        let zero = [Double](repeating: 0, count: field.samples)
        for size in [1e-4, 1e-9] {
            let shift = (0..<field.samples).map { _ in size * Double.random(in: -1...1, using: &generator) }
            let change = field.slidingExitChanges(outputShift: shift)
            #expect(change.lower.count == pairs.count && change.upper.count == pairs.count)
            for (p, (j, l)) in pairs.enumerated() {
                let scale = termScale(field, j: j, l: l, shift: shift)
                let bound = Float80(64 * Double.ulpOfOne * scale)
                let (lower, upper) = extendedChange(field, j: j, l: l, shift: shift, whole: false)
                for (computed, exact) in [(change.lower[p], lower), (change.upper[p], upper)] {
                    // Not vacuous: the change is of the size of its terms, far above the bound.
                    #expect(abs(exact) > 1e-6 * Float80(scale))
                    #expect(abs(Float80(computed) - exact) <= bound,
                            "pair (\(l), \(j)), shift \(size): \(computed) against \(exact)")
                }
                if size == 1e-4 {
                    // The algebra of the change form: L and U formed whole at both outputs (Float80,
                    // whose cancellation ~ulp80 |L| is small against a change of ~1e-4).
                    let (wholeLower, wholeUpper) = extendedChange(field, j: j, l: l, shift: shift, whole: true)
                    #expect(abs(wholeLower - lower) <= 1e-12 * abs(lower))
                    #expect(abs(wholeUpper - upper) <= 1e-12 * abs(upper))
                } else {
                    // Control: L and U formed whole in double at both outputs and subtracted lose
                    // the change's digits to cancellation (an error of order ulp |L|); at this
                    // shift that is far outside the bound, which does tell the two ways apart.
                    let (a, b) = (doubleBounds(field, j: j, l: l, shift: zero), doubleBounds(field, j: j, l: l, shift: shift))
                    #expect(abs(Float80(b.upper - a.upper) - upper) > bound || abs(Float80(b.lower - a.lower) - lower) > bound)
                }
            }
        }
    }
}
