import Foundation

/// The cost of one vector-field evaluation, measured in one process, in alternating batches:
/// through the row kernels (`CFieldKernels`), through BLAS, and the two dgemms of the BLAS path's
/// shapes alone (H = X V^T and D = E^T X, about 2 n m d flops each). Rates count an evaluation as
/// those 4 n m d flops.
public struct FieldThroughput: Sendable {
    /// 4 n m d.
    public let flopsPerEvaluation: Double
    /// Seconds of one field evaluation through the row kernels (median of the timed batches).
    public let rowKernelSeconds: Double
    /// Seconds of one field evaluation through BLAS.
    public let blasFieldSeconds: Double
    /// Seconds of the two dgemms of the same shapes.
    public let gemmSeconds: Double
    /// Whether the solver takes the row kernels at this shape (`VectorField.usesRowKernels`).
    public let solverUsesRowKernels: Bool

    /// Seconds of one evaluation on the solver's path.
    public var fieldSeconds: Double { solverUsesRowKernels ? rowKernelSeconds : blasFieldSeconds }
    public var fieldGFlops: Double { flopsPerEvaluation / fieldSeconds / 1e9 }
    public var gemmGFlops: Double { flopsPerEvaluation / gemmSeconds / 1e9 }
    /// BLAS field time / row-kernel field time.
    public var rowKernelSpeedup: Double { blasFieldSeconds / rowKernelSeconds }

    /// Times the field of `problem` at its initial state (with the pattern of that state) on both
    /// paths and the two dgemms, alternating batches of each for about `seconds` in total,
    /// single-threaded BLAS as in the solver.
    public static func measure(_ problem: FlowProblem, seconds: Double = 2) throws -> FieldThroughput {
        BLAS.setThreads(1)
        let parametrisation = Parametrisation.automatic(for: problem.initial)
        let (state, signs) = try parametrisation.state(of: problem.initial)
        let field = VectorField(problem: problem, parametrisation: parametrisation, signs: signs)
        let n = field.samples, m = field.neurons, d = field.dimension
        let solverPath = field.usesRowKernels
        var velocity = [Double](repeating: 0, count: state.count)
        state.withUnsafeBufferPointer { y in
            field.evaluate(y.baseAddress!, nil)
            for p in 0..<(n * m) { field.pattern.active[p] = field.preactivations[p] > 0 ? 1 : 0 }
        }
        func evaluations(_ count: Int, rowKernels: Bool) {
            field.usesRowKernels = rowKernels
            state.withUnsafeBufferPointer { y in
                velocity.withUnsafeMutableBufferPointer { v in
                    for _ in 0..<count { field.evaluate(y.baseAddress!, v.baseAddress!) }
                }
            }
        }
        let a = [Double](repeating: 0.5, count: n * d), b = [Double](repeating: 0.25, count: m * d)
        let e = [Double](repeating: 0.125, count: n * m)
        var h = [Double](repeating: 0, count: n * m), c = [Double](repeating: 0, count: m * d)
        let flops = 4 * Double(n * m * d)
        let batch = max(1, Int(2e7 / flops))
        var rowTimes: [Double] = [], blasTimes: [Double] = [], gemmTimes: [Double] = []
        let clock = ContinuousClock()
        let start = clock.now
        while gemmTimes.count < 3 || (clock.now - start) < .seconds(seconds) {
            let t0 = clock.now
            evaluations(batch, rowKernels: true)
            let t1 = clock.now
            evaluations(batch, rowKernels: false)
            let t2 = clock.now
            for _ in 0..<batch {
                BLAS.gemm(transposeA: false, transposeB: true, rows: n, cols: m, inner: d, alpha: 1, a, lda: d, b,
                          ldb: d, beta: 0, &h, ldc: m)
                BLAS.gemm(transposeA: true, transposeB: false, rows: m, cols: d, inner: n, alpha: 1, e, lda: m, a,
                          ldb: d, beta: 0, &c, ldc: d)
            }
            let t3 = clock.now
            rowTimes.append(durationSeconds(t1 - t0) / Double(batch))
            blasTimes.append(durationSeconds(t2 - t1) / Double(batch))
            gemmTimes.append(durationSeconds(t3 - t2) / Double(batch))
        }
        return FieldThroughput(flopsPerEvaluation: flops, rowKernelSeconds: median(rowTimes),
                               blasFieldSeconds: median(blasTimes), gemmSeconds: median(gemmTimes),
                               solverUsesRowKernels: solverPath)
    }
}

private func durationSeconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

private func median(_ x: [Double]) -> Double {
    let s = x.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
