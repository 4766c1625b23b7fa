import Foundation

/// The cost of one vector-field evaluation against the machine's matrix-product rate, measured
/// in the same process: a field evaluation does two products of about 2 n m d flops each
/// (H = X V^T and D = E^T X) plus O(n m + m d) elementwise work, so its rate counted as 4 n m d
/// flops is at most the rate of those two dgemms.
public struct FieldThroughput: Sendable {
    /// 4 n m d.
    public let flopsPerEvaluation: Double
    /// Seconds of one field evaluation (median of the timed batches).
    public let fieldSeconds: Double
    /// Seconds of the two dgemms of the same shapes (median of the timed batches).
    public let gemmSeconds: Double

    public var fieldGFlops: Double { flopsPerEvaluation / fieldSeconds / 1e9 }
    public var gemmGFlops: Double { flopsPerEvaluation / gemmSeconds / 1e9 }
    /// Field rate / dgemm rate.
    public var fractionOfGemm: Double { gemmSeconds / fieldSeconds }

    /// Times the field of `problem` at its initial state (with the pattern of that state) and
    /// the two dgemms, alternating batches of each for about `seconds` in total, single-threaded
    /// BLAS as in the solver.
    public static func measure(_ problem: FlowProblem, seconds: Double = 2) throws -> FieldThroughput {
        BLAS.setThreads(1)
        let parametrisation = Parametrisation.automatic(for: problem.initial)
        let (state, signs) = try parametrisation.state(of: problem.initial)
        let field = VectorField(problem: problem, parametrisation: parametrisation, signs: signs)
        let n = field.samples, m = field.neurons, d = field.dimension
        var velocity = [Double](repeating: 0, count: state.count)
        state.withUnsafeBufferPointer { y in
            field.evaluate(y.baseAddress!, nil)
            for p in 0..<(n * m) { field.pattern.active[p] = field.preactivations[p] > 0 ? 1 : 0 }
        }
        let a = [Double](repeating: 0.5, count: n * d), b = [Double](repeating: 0.25, count: m * d)
        let e = [Double](repeating: 0.125, count: n * m)
        var h = [Double](repeating: 0, count: n * m), c = [Double](repeating: 0, count: m * d)
        let flops = 4 * Double(n * m * d)
        let batch = max(1, Int(2e7 / flops))
        var fieldTimes: [Double] = [], gemmTimes: [Double] = []
        let clock = ContinuousClock()
        let start = clock.now
        while fieldTimes.count < 3 || (clock.now - start) < .seconds(seconds) {
            let t0 = clock.now
            state.withUnsafeBufferPointer { y in
                velocity.withUnsafeMutableBufferPointer { v in
                    for _ in 0..<batch { field.evaluate(y.baseAddress!, v.baseAddress!) }
                }
            }
            let t1 = clock.now
            for _ in 0..<batch {
                BLAS.gemm(transposeA: false, transposeB: true, rows: n, cols: m, inner: d, alpha: 1, a, lda: d, b,
                          ldb: d, beta: 0, &h, ldc: m)
                BLAS.gemm(transposeA: true, transposeB: false, rows: m, cols: d, inner: n, alpha: 1, e, lda: m, a,
                          ldb: d, beta: 0, &c, ldc: d)
            }
            let t2 = clock.now
            fieldTimes.append(durationSeconds(t1 - t0) / Double(batch))
            gemmTimes.append(durationSeconds(t2 - t1) / Double(batch))
        }
        return FieldThroughput(flopsPerEvaluation: flops, fieldSeconds: median(fieldTimes), gemmSeconds: median(gemmTimes))
    }
}

private func durationSeconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

private func median(_ x: [Double]) -> Double {
    let s = x.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
