import Foundation

/// a_j^2 - ||w_j||^2 is conserved by the flow (the layers' balance; `alignment` and `threshold`
/// papers' standing identity, re-derived in proofs-notes/conservation.md), also through switches
/// and sliding. Measured on random instances with sliding, unbalanced init, weights formulation.
public struct ConservationCheck: TheoremCheck {
    public let name = "conservation"
    public let source = "alignment/threshold: balance a^2 - |w|^2 conserved"
    public let kind = CheckKind.theorem

    public init() {}

    public func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome {
        let quick = level == .quick
        let instances = quick ? 3 : 10
        var worst = 0.0, slides = 0
        for k in 0..<instances {
            let data = try Teacher.linear(inputs: .gaussian).sample(n: 8, d: 3, noise: 0.5, seed: seed &+ UInt64(k))
            let net = try Initialization(scale: 0.5, balance: .unbalanced, seed: seed &+ UInt64(k)).network(width: 6, dimension: 3)
            let problem = try FlowProblem(data: data, initial: net)
            let solution = try solve(problem, options: SolverOptions(endTime: 50, relativeTolerance: 1e-12,
                                                                     parametrisation: .weights, logSpacedSamples: 10))
            slides += solution.statistics.changes.slidingEntries
            let scale = net.outputWeights.map { $0 * $0 }.reduce(0, +) + net.hiddenWeights.storage.map { $0 * $0 }.reduce(0, +)
            let initial = solution.samples[0].balance
            for s in solution.samples {
                worst = max(worst, zip(s.balance, initial).map { abs($0 - $1) }.max()! / scale)
            }
        }
        // Control: plain gradient descent with step 0.5 changes the balance by eta^2 (|da|^2 - |dw|^2) per step.
        let data = try Teacher.linear(inputs: .gaussian).sample(n: 8, d: 3, noise: 0.5, seed: seed)
        let net = try Initialization(scale: 0.5, balance: .unbalanced, seed: seed).network(width: 6, dimension: 3)
        let problem = try FlowProblem(data: data, initial: net)
        let after = EulerReference.network(EulerReference.descend(problem, step: 0.5, time: 50), like: net)
        let scale = net.outputWeights.map { $0 * $0 }.reduce(0, +) + net.hiddenWeights.storage.map { $0 * $0 }.reduce(0, +)
        let controlDrift = (0..<net.width).map { j in
            let before = net.outputWeights[j] * net.outputWeights[j] - pow(euclideanNorm(net.hiddenWeights.row(j)), 2)
            let later = after.outputWeights[j] * after.outputWeights[j] - pow(euclideanNorm(after.hiddenWeights.row(j)), 2)
            return abs(later - before) / scale
        }.max()!
        let tolerance = 1e-10
        return CheckOutcome(
            setting: "\(instances) random instances n=8 d=3 m=6 lambda=0.5 unbalanced, T=50, rtol 1e-12 (\(slides) sliding entries)",
            measured: "max|drift|/scale = \(formatNumber(worst, digits: 2))", predicted: "0",
            tolerance: "\(tolerance)", passed: worst <= tolerance,
            control: "gradient descent, step 0.5: drift/scale \(formatNumber(controlDrift, digits: 2))",
            controlFailed: controlDrift > tolerance)
    }
}
