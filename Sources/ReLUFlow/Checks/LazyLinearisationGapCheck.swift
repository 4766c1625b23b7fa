import Foundation

/// Lazy training: the flow stays within O(1/alpha^2) of the linearised flow in parameters and
/// O(1/alpha) in outputs (the second-order term alpha |theta - theta0|^2 ~ 1/alpha), at a fixed
/// horizon, init centred by subtracting F(theta0). (Centring in pairs (a, w), (-a, w) cancels the
/// leading second-order term, and the output gap falls as 1/alpha^2: printed as a measurement.)
/// Derivation: proofs-notes/lazy-linearisation-gap.md.
public struct LazyLinearisationGapCheck: TheoremCheck {
    public let name = "lazy-linearisation-gap"
    public let source = "lazy: |theta - theta_lin| ~ 1/alpha^2, |F - F_lin| ~ 1/alpha"
    public let kind = CheckKind.theorem

    public init() {}

    static func fits(_ setting: LazySetting, alphas: [Double], centring: LazySetting.Centring, seed: UInt64) throws -> (parameters: LogLogFit, outputs: LogLogFit) {
        var parameterGaps: [Double] = [], outputGaps: [Double] = []
        for alpha in alphas {
            let problem = try setting.problem(alpha: alpha, centring: centring, seed: seed)
            let solution = try LazySetting.flow(problem, times: [], endTime: setting.horizon, rtol: alpha >= 10 ? 1e-12 : 1e-10)
            let observed = try KernelObserver.observe(problem, samples: [solution.samples.first!, solution.samples.last!])
            parameterGaps.append(observed[1].linearisedParameterGap)
            outputGaps.append(observed[1].linearisedOutputGap)
        }
        return (LogLogFit(x: alphas, y: parameterGaps), LogLogFit(x: alphas, y: outputGaps))
    }

    public func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome {
        let setting = try LazySetting(level: level, seed: seed)
        let alphas = setting.lazyAlphas
        let (parameters, outputs) = try Self.fits(setting, alphas: alphas, centring: .subtracted, seed: seed)
        let (_, pairOutputs) = try Self.fits(setting, alphas: alphas, centring: .pairs, seed: seed)
        let (controlParameters, controlOutputs) = try Self.fits(setting, alphas: LazySetting.grid(0.01, 0.3, count: 5),
                                                                centring: .subtracted, seed: seed)
        let tolerance = 0.1
        func holds(_ p: LogLogFit, _ o: LogLogFit) -> Bool { abs(p.slope + 2) <= tolerance && abs(o.slope + 1) <= tolerance }
        return CheckOutcome(
            setting: "\(setting.description), centred by subtracting F(theta0), alpha = \(setting.lazyRange)",
            measured: "|theta - theta_lin|: \(parameters.summary) | rms(F - F_lin): \(outputs.summary) | (centred in pairs, measurement: rms(F - F_lin) slope \(formatNumber(pairOutputs.slope, digits: 3)))",
            predicted: "slopes -2 and -1", tolerance: "\(tolerance)", passed: holds(parameters, outputs),
            control: "alpha = 0.01..0.3: |theta - theta_lin| slope \(formatNumber(controlParameters.slope, digits: 3)) (\(controlParameters.summary)); rms(F - F_lin) slope \(formatNumber(controlOutputs.slope, digits: 3)) (\(controlOutputs.summary))",
            controlFailed: !holds(controlParameters, controlOutputs))
    }
}
