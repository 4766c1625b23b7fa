import Foundation

/// Lazy training: with a centred init (F(theta0) = 0) and the model alpha g trained on
/// L(alpha g) / alpha^2, the parameters move as (1/alpha) J^T grad L while the function moves at a
/// rate independent of alpha, so ||theta(T) - theta0|| ~ 1/alpha at a fixed horizon T.
/// Derivation: proofs-notes/lazy-distance.md.
public struct LazyDistanceCheck: TheoremCheck {
    public let name = "lazy-distance"
    public let source = "lazy: |theta(T) - theta0| ~ 1/alpha"
    public let kind = CheckKind.theorem

    public init() {}

    static func fit(_ setting: LazySetting, alphas: [Double], centring: LazySetting.Centring, seeds: [UInt64]) throws -> LogLogFit {
        let distances = try alphas.map { alpha in
            try seeds.map { seed in
                let problem = try setting.problem(alpha: alpha, centring: centring, seed: seed)
                let solution = try LazySetting.flow(problem, times: [], endTime: setting.horizon)
                return euclideanDistance(solution.final.parameterVector, problem.initial.parameterVector)
            }.reduce(0, +) / Double(seeds.count)
        }
        return LogLogFit(x: alphas, y: distances)
    }

    public func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome {
        let quick = level == .quick
        let setting = try LazySetting(level: level, seed: seed)
        let alphas = quick ? setting.lazyAlphas : LazySetting.theoryAlphas
        let seeds = quick ? [seed] : (0..<3).map { seed &+ UInt64($0) }
        let fit = try Self.fit(setting, alphas: alphas, centring: .pairs, seeds: seeds)
        let control = try Self.fit(setting, alphas: alphas, centring: .none, seeds: seeds)
        let tolerance = 0.05
        return CheckOutcome(
            setting: "\(setting.description), centred in pairs, alpha = \(formatNumber(alphas.first!, digits: 3))..\(formatNumber(alphas.last!, digits: 3)), mean over \(seeds.count) seed(s)",
            measured: "|theta(T) - theta0| vs alpha: \(fit.summary)", predicted: "slope -1",
            tolerance: "\(tolerance)", passed: abs(fit.slope + 1) <= tolerance,
            control: "uncentred init: \(control.summary)", controlFailed: abs(control.slope + 1) > tolerance)
    }
}
