import Foundation

/// `alignment`: with initialization scale lambda the output stays ~0 for a time linear in
/// log(1/lambda); the fastest neuron grows at rate max(G_max, -G_min), so the escape time (loss
/// down by 1% of L(0)) has slope 1/max(G_max, -G_min) in log(1/lambda).
/// Derivation: proofs-notes/escape-time.md.
public struct EscapeTimeCheck: TheoremCheck {
    public let name = "escape-time"
    public let source = "alignment: escape time ~ log(1/lambda)/G"
    public let kind = CheckKind.theorem

    public init() {}

    /// First time the loss is 0.99 L(0), located as a stopping event (infinity if not by `horizon`).
    static func escapeTime(data: Dataset, width: Int, logLambda: Double, seed: UInt64, horizon: Double) throws -> Double {
        let net = try Initialization(logScale: logLambda, seed: seed).network(width: width, dimension: data.dimension)
        let problem = try FlowProblem(data: data, initial: net)
        var options = try SolverOptions(endTime: horizon, relativeTolerance: 1e-10, logSpacedSamples: 0)
        options.stoppingRule = .risk(0.99 * net.loss(on: data, loss: problem.loss))
        return try solve(problem, options: options).stop?.time ?? .infinity
    }

    /// Least-squares line through (x, y): slope, intercept and R^2.
    static func fitLine(_ x: [Double], _ y: [Double]) -> (slope: Double, intercept: Double, r2: Double) {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        let sxy = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let sxx = x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
        let syy = y.map { ($0 - my) * ($0 - my) }.reduce(0, +)
        let slope = sxy / sxx
        return (slope, my - slope * mx, syy > 0 ? sxy * sxy / (sxx * syy) : 1)
    }

    public func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome {
        let quick = level == .quick
        let n = quick ? 10 : 20, d = quick ? 3 : 5, m = quick ? 30 : 50
        let data = try Teacher.linear(inputs: .gaussian).sample(n: n, d: d, noise: 0.1, seed: seed)
        let extremes = EarlyPhaseObjective(data: data).extremes(starts: quick ? 50 : 200, seed: seed)
        let rate = max(extremes.max, -extremes.min)
        let predicted = 1 / rate
        let logInverse: [Double] = quick ? [log(1e2), log(1e8), log(1e32), log(1e100), 500]
            : [log(1e2), log(1e4), log(1e8), log(1e16), log(1e32), log(1e64), log(1e128), log(1e300), 1000, 2000]
        func measure(_ grid: [Double]) throws -> [Double] {
            try grid.map { try Self.escapeTime(data: data, width: m, logLambda: -$0, seed: seed,
                                               horizon: 1.5 * $0 / rate + 40) }
        }
        let times = try measure(logInverse)
        let fit = Self.fitLine(logInverse, times)
        let error = abs(fit.slope - predicted) / predicted
        let controlGrid = [log(1.0), log(2.0), log(5.0), log(10.0)]
        let controlFit = Self.fitLine(controlGrid, try measure(controlGrid))
        let controlError = abs(controlFit.slope - predicted) / predicted
        let points = zip(logInverse, times).map { "(\(formatNumber($0, digits: 4)), \(formatNumber($1, digits: 5)))" }
        return CheckOutcome(
            setting: "linear teacher n=\(n) d=\(d) sigma=0.1, m=\(m), log(1/lambda) in \(formatNumber(logInverse.first!, digits: 3))..\(formatNumber(logInverse.last!, digits: 4)); points \(points.joined(separator: " "))",
            measured: "slope \(formatNumber(fit.slope, digits: 6)), R^2 = 1 - \(formatNumber(1 - fit.r2, digits: 2))",
            predicted: "1/max(Gmax,-Gmin) = \(formatNumber(predicted, digits: 6))",
            tolerance: "1% slope; R^2 > 0.9999", passed: error <= 0.01 && fit.r2 > 0.9999,
            control: "lambda in 0.1..1: slope \(formatNumber(controlFit.slope, digits: 4)) (off by \(formatNumber(100 * controlError, digits: 3))%)",
            controlFailed: controlError > 0.1)
    }
}
