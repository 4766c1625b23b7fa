import Foundation

/// `alignment`, norm bound: with C bounding every ||D_j||, ||w_j(t)|| <= ||w_j(0)|| e^(C t), so up
/// to tau = eps log(1/lambda)/C every norm is at most lambda^(1-eps) max_j ||g_j||.
/// Derivation (with the bootstrap that bounds f on the way): proofs-notes/norms-stay-small.md.
public struct NormsStaySmallCheck: TheoremCheck {
    public let name = "norms-stay-small"
    public let source = "alignment: norm bound of the early phase"
    public let kind = CheckKind.theorem

    public init() {}

    public func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome {
        let quick = level == .quick
        let n = quick ? 10 : 40, d = quick ? 3 : 5, m = quick ? 20 : 100
        let lambda = 1e-8, eps = 0.5
        let data = try Teacher.linear(inputs: .gaussian).sample(n: n, d: d, noise: 0.25, seed: seed)
        let net = try Initialization(scale: lambda, seed: seed).network(width: m, dimension: d)
        let objective = EarlyPhaseObjective(data: data)
        let bigG = (0..<m).map { euclideanNorm(net.hiddenWeight($0)) / lambda }.max()!
        // |f_i| <= m lambda^(2(1-eps)) max||g||^2 ||x_i|| while the bound holds; C covers |y_i| + |f_i|.
        let fBound = Double(m) * pow(lambda, 2 * (1 - eps)) * bigG * bigG
        let rate = (0..<n).map { i -> Double in
            let r = euclideanNorm(data.inputs.row(i))
            return (abs(data.labels[i]) + fBound * r) * r
        }.reduce(0, +) / Double(n)
        let tau = eps * log(1 / lambda) / rate
        let extremes = objective.extremes(starts: quick ? 30 : 100, seed: seed)
        let escape = 2 * log(1 / lambda) / max(extremes.max, -extremes.min)
        let solution = try solve(FlowProblem(data: data, initial: net),
                                 options: SolverOptions(endTime: escape, relativeTolerance: 1e-10, sampleTimes: [tau],
                                                        logSpacedSamples: 0))
        let logBound = (1 - eps) * log(lambda) + log(bigG)
        func largest(at t: Double) -> Double { solution.samples.first { $0.time == t }!.logNorms.max()! }
        let atTau = largest(at: tau), afterEscape = largest(at: escape)
        return CheckOutcome(
            setting: "linear teacher n=\(n) d=\(d) sigma=0.25, m=\(m), lambda=1e-8, eps=0.5, C=\(formatNumber(rate, digits: 4)), tau=\(formatNumber(tau, digits: 4))",
            measured: "log max|w_j(tau)| = \(formatNumber(atTau, digits: 5))",
            predicted: "<= log(lambda^(1-eps) max|g_j|) = \(formatNumber(logBound, digits: 5))",
            tolerance: "strict", passed: atTau <= logBound,
            control: "read at 2 log(1/lambda)/max(Gmax,-Gmin) = \(formatNumber(escape, digits: 4)): \(formatNumber(afterEscape, digits: 4))",
            controlFailed: afterEscape > logBound)
    }
}
