import Foundation

/// `alignment`, exact trajectory (A): one balanced neuron aligned with one point (x, y), y > 0,
/// has h(t) = <w, x> a = y / (1 + (y/h0 - 1) exp(-2 ||x|| y t)), h0 = lambda^2 ||x||.
/// Derivation and tolerance: proofs-notes/logistic-single-neuron.md.
public struct LogisticSingleNeuronCheck: TheoremCheck {
    public let name = "logistic-single-neuron"
    public let source = "alignment: exact trajectory (A)"
    public let kind = CheckKind.theorem

    public init() {}

    public func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome {
        let d = 5, y = 1.0, lambda = 1e-3
        var x = [Double](repeating: 0, count: d)
        x[0] = 1
        let problem = try FlowProblem(data: Dataset(inputs: Matrix(rows: 1, columns: d, storage: x), labels: [y]),
                                      initial: Network(outputWeights: [lambda],
                                                       hiddenWeights: Matrix(rows: 1, columns: d, storage: x.map { $0 * lambda })))
        let h0 = lambda * lambda
        let halfFit = log(y / h0 - 1) / (2 * y)
        let times = (1...60).map { 3 * halfFit * Double($0) / 60 }
        let solution = try solve(problem, options: SolverOptions(endTime: 3 * halfFit, relativeTolerance: 1e-10,
                                                                 sampleTimes: times, logSpacedSamples: 0))
        func exact(_ t: Double) -> Double { y / (1 + (y / h0 - 1) * exp(-2 * y * t)) }
        func h(_ s: Sample) -> Double { s.outputWeights[0] * exp(s.logNorms[0]) * s.directions[0, 0] }
        let error = solution.samples.map { abs(h($0) - exact($0.time)) }.max() ?? .infinity
        let doubledError = solution.samples.map { abs(h($0) - exact(2 * $0.time)) }.max() ?? 0
        let tolerance = 1e-8
        return CheckOutcome(
            setting: "x=e1 in R^5, y=1, lambda=1e-3, T=3 half-fit times (\(formatNumber(3 * halfFit, digits: 4))), rtol 1e-10",
            measured: "max|h-h*| = \(formatNumber(error, digits: 3))", predicted: "0",
            tolerance: "\(tolerance)", passed: error <= tolerance,
            control: "formula with t doubled (MSE without 1/2): max err \(formatNumber(doubledError, digits: 3))",
            controlFailed: doubledError > tolerance)
    }
}
