import CFieldKernels
import Testing
@testable import ReLUFlow

/// The kernels of `CFieldKernels` against the same sums in extended precision (Float80), within
/// the recursive-summation bound (k + 1) ulp sum |terms| for k products; and the field's velocity
/// through the row kernels against the field's velocity through BLAS.
struct FieldKernelsTests {
    /// Shapes with m below, at and past the kernels' blocks of 8 neurons, n past their blocks of
    /// 4 rows, d = 1, and d past the backward pass's 6 inputs per pass (10 and 13).
    @Test(arguments: [(13, 1, 5), (13, 8, 5), (11, 17, 1), (9, 29, 7), (40, 64, 5), (10, 20, 10), (7, 16, 13)])
    func kernelsAgreeWithExtendedPrecisionSums(shape: (Int, Int, Int)) {
        let (n, m, d) = shape
        var generator = SeededGenerator(seed: UInt64(n * 1000 + m * 10 + d))
        func random(_ count: Int) -> [Double] { (0..<count).map { _ in Double.random(in: -1...1, using: &generator) } }
        let x = random(n * d), vt = random(d * m), o = random(m), g = random(n)
        let mask = (0..<(n * m)).map { _ in Double(Int.random(in: 0...1, using: &generator)) }
        let alpha = 0.7
        var h = [Double](repeating: .nan, count: n * m), f = [Double](repeating: .nan, count: n)
        rf_outputs(n, m, d, x, vt, mask, o, alpha, &h, &f)
        var rates = [Double](repeating: .nan, count: n * m)
        rf_preactivations(n, m, d, x, vt, &rates)
        var e = [Double](repeating: .nan, count: n * m), dt = [Double](repeating: 0, count: d * m)
        var da = [Double](repeating: 0, count: m)
        rf_backward(n, m, m, d, x, mask, g, h, &e, &dt, &da)
        // Without E stored, the same sums to the bit.
        var dtAlone = [Double](repeating: 0, count: d * m), daAlone = [Double](repeating: 0, count: m)
        rf_backward(n, m, m, d, x, mask, g, h, nil, &dtAlone, &daAlone)
        #expect(dtAlone == dt && daAlone == da)
        // Two blocks of columns, split at a multiple of the kernel's 8 lanes: the same sums to the bit.
        let split = m / 2 / 8 * 8
        var dtBlocks = [Double](repeating: 0, count: d * m), daBlocks = [Double](repeating: 0, count: m)
        for (start, count) in [(0, split), (split, m - split)] {
            mask.withUnsafeBufferPointer { mb in h.withUnsafeBufferPointer { hb in
                dtBlocks.withUnsafeMutableBufferPointer { tb in daBlocks.withUnsafeMutableBufferPointer { ab in
                    rf_backward(n, count, m, d, x, mb.baseAddress! + start, g, hb.baseAddress! + start, nil,
                                tb.baseAddress! + start, ab.baseAddress! + start)
                } }
            } }
        }
        #expect(dtBlocks == dt && daBlocks == da)
        // Blocks of rows added one after the other into the same sums: the same to the bit.
        var dtRows = [Double](repeating: 0, count: d * m), daRows = [Double](repeating: 0, count: m)
        for rows in [0..<(n / 3), (n / 3)..<n] {
            let i = rows.lowerBound
            x.withUnsafeBufferPointer { xb in mask.withUnsafeBufferPointer { mb in
                g.withUnsafeBufferPointer { gb in h.withUnsafeBufferPointer { hb in
                    rf_backward(rows.count, m, m, d, xb.baseAddress! + i * d, mb.baseAddress! + i * m,
                                gb.baseAddress! + i, hb.baseAddress! + i * m, nil, &dtRows, &daRows)
                } }
            } }
        }
        #expect(dtRows == dt && daRows == da)
        for i in 0..<n {
            var exactF: Float80 = 0, magnitudeF: Float80 = 0
            for j in 0..<m {
                let product = extendedSum(d) { k in (x[i * d + k], vt[k * m + j]) }
                #expect(product.bounds(h[i * m + j], terms: d))
                #expect(rates[i * m + j] == h[i * m + j])
                #expect(e[i * m + j] == mask[i * m + j] * g[i])
                exactF += Float80(alpha) * Float80(mask[i * m + j]) * product.exact * Float80(o[j])
                magnitudeF += abs(Float80(alpha) * Float80(mask[i * m + j]) * product.magnitude * Float80(o[j]))
            }
            let output = ExtendedSum(exact: exactF, magnitude: magnitudeF)
            #expect(output.bounds(f[i], terms: m + d + 2), "f_\(i)")
        }
        for j in 0..<m {
            for k in 0..<d {
                #expect(extendedSum(n) { i in (x[i * d + k], e[i * m + j]) }.bounds(dt[k * m + j], terms: n))
            }
            #expect(extendedSum(n) { i in (e[i * m + j], h[i * m + j]) }.bounds(da[j], terms: n))
        }
        // <v, x_i> for every sample from X^T.
        let xt = (0..<(d * n)).map { p in x[(p % n) * d + p / n] }, v = random(d)
        var products = [Double](repeating: .nan, count: n)
        rf_input_products(n, d, xt, v, &products)
        for i in 0..<n {
            #expect(extendedSum(d) { k in (v[k], x[i * d + k]) }.bounds(products[i], terms: d))
        }
        // Control: the mask matters (some rows have outputs that differ from the unmasked sum).
        var unmasked = [Double](repeating: 0, count: n)
        rf_outputs(n, m, d, x, vt, [Double](repeating: 1, count: n * m), o, alpha, &h, &unmasked)
        #expect(unmasked != f)
    }

    /// The velocity with the row kernels and with BLAS, in both formulations, with a neuron
    /// sliding on two surfaces (its correction of D is added after the kernels): the same to
    /// rounding, and tangent to the sliding surfaces.
    @Test(arguments: [Parametrisation.weights, .logNorm])
    func kernelsAndBLASGiveTheSameVelocity(parametrisation: Parametrisation) throws {
        let problem = try randomProblem(n: 25, d: 5, m: 19, lambda: 0.5, seed: 7)
        let (state, signs) = try parametrisation.state(of: problem.initial)
        let field = VectorField(problem: problem, parametrisation: parametrisation, signs: signs)
        #expect(field.usesRowKernels)
        let n = field.samples, m = field.neurons, d = field.dimension
        state.withUnsafeBufferPointer { y in
            _ = field.evaluate(y.baseAddress!, nil)
            for p in 0..<(n * m) { field.pattern.active[p] = field.preactivations[p] > 0 ? 1 : 0 }
        }
        let j = 4
        field.pattern.sliding[j] = [2, 11]
        for l in field.pattern.sliding[j] { field.pattern.active[l * m + j] = 0 }
        #expect(field.refactorSliding(j))
        var velocities: [[Double]] = []
        for rowKernels in [true, false] {
            field.usesRowKernels = rowKernels
            var velocity = [Double](repeating: .nan, count: field.stateSize)
            state.withUnsafeBufferPointer { y in
                velocity.withUnsafeMutableBufferPointer { #expect(field.evaluate(y.baseAddress!, $0.baseAddress!)) }
            }
            velocities.append(velocity)
            for l in field.pattern.sliding[j] {
                // <D_j, x_l> = 0 on a sliding surface, to the rounding of the sum it cancels from.
                let scale = (0..<n).reduce(0.0) { s, i in
                    s + abs(field.pattern.active[i * m + j] * field.lossDerivatives[i]) * abs(field.inputProduct(i, l))
                }
                let tangency = (0..<d).reduce(0.0) { $0 + field.descent[j * d + $1] * field.inputs[l * d + $1] }
                #expect(abs(tangency) <= 1e-14 * scale * field.gradientScale / Double(n))
            }
        }
        let size = velocities[0].map(abs).max()!
        for c in 0..<field.stateSize {
            #expect(abs(velocities[0][c] - velocities[1][c]) <= 1e-14 * size, "component \(c)")
        }
        // Control: the sliding neuron's velocity differs from its velocity without the sliding weights.
        let slidingVelocity = (0..<d).map { velocities[0][j * d + $0] }
        field.pattern.sliding[j] = []
        #expect(field.refactorSliding(j))
        var free = [Double](repeating: .nan, count: field.stateSize)
        state.withUnsafeBufferPointer { y in
            free.withUnsafeMutableBufferPointer { _ = field.evaluate(y.baseAddress!, $0.baseAddress!) }
        }
        #expect((0..<d).map { free[j * d + $0] } != slidingVelocity)
    }
}

/// A sum of products in extended precision, with the sum of their magnitudes.
private struct ExtendedSum {
    let exact: Float80, magnitude: Float80

    /// Whether `value`, a double sum of `terms` rounded products, is within the recursive-summation
    /// bound (terms + 1) ulp sum |products| of the exact sum.
    func bounds(_ value: Double, terms: Int) -> Bool {
        abs(Float80(value) - exact) <= Float80(terms + 1) * Float80(Double.ulpOfOne) * magnitude
    }
}

/// sum_k a_k b_k and sum_k |a_k b_k| over k < count, in extended precision.
private func extendedSum(_ count: Int, _ factors: (Int) -> (Double, Double)) -> ExtendedSum {
    var exact: Float80 = 0, magnitude: Float80 = 0
    for k in 0..<count {
        let (a, b) = factors(k)
        exact += Float80(a) * Float80(b)
        magnitude += abs(Float80(a) * Float80(b))
    }
    return ExtendedSum(exact: exact, magnitude: magnitude)
}
