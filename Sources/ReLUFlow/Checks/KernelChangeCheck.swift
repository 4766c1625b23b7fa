import Foundation

/// Lazy training: the relative change of the tangent kernel over a fixed horizon falls as 1/A,
/// A = alpha sqrt(m) (`ntk` normalisation; init centred by subtracting F(theta0)). Centring in
/// pairs cancels the first-order change (printed as a measurement).
/// Derivation: proofs-notes/kernel-change.md.
public struct KernelChangeCheck: TheoremCheck {
    public let name = "kernel-change"
    public let source = "lazy: |Theta(T) - Theta(0)|_F / |Theta(0)|_F ~ 1/(alpha sqrt(h))"
    public let kind = CheckKind.theorem

    public init() {}

    /// Relative kernel change at T for each A, and the activation switches the flow made.
    static func changes(_ setting: LazySetting, controls: [Double], centring: LazySetting.Centring, seed: UInt64,
                        trainable: TrainableLayers = .both) throws -> (changes: [Double], switches: [Int]) {
        var switches: [Int] = []
        let changes = try controls.map { a in
            let problem = try setting.problem(alpha: a / Double(setting.width).squareRoot(), centring: centring, seed: seed)
            let final: Network
            switch trainable {
            case .both:
                let solution = try LazySetting.flow(problem, times: [], endTime: setting.horizon)
                switches.append(solution.statistics.changes.switches + solution.statistics.changes.slidingEntries)
                final = solution.final
            // With the first layer frozen the model is linear in a: its gradient flow is the linearised flow.
            case .outputLayer:
                final = try IterativeLinearisation(problem: problem, endTime: setting.horizon, interval: nil,
                                                   trainable: .outputLayer).final
            }
            return TangentKernel(network: final, problem: problem, trainable: trainable)
                .relativeChange(from: TangentKernel(network: problem.initial, problem: problem, trainable: trainable))
        }
        return (changes, switches)
    }

    public func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome {
        let setting = try LazySetting(level: level, seed: seed)
        let root = Double(setting.width).squareRoot()
        let controls = setting.lazyAlphas.map { $0 * root }
        let measured = try Self.changes(setting, controls: controls, centring: .subtracted, seed: seed)
        let fit = LogLogFit(x: controls, y: measured.changes)
        let pairs = LogLogFit(x: controls, y: try Self.changes(setting, controls: controls, centring: .pairs, seed: seed).changes)
        let theoryGrid = LazySetting.grid(10, 1000, count: 5)
        let theory = try Self.changes(setting, controls: theoryGrid, centring: .subtracted, seed: seed)
        let theoryFit = LogLogFit(x: theoryGrid, y: theory.changes)
        let frozen = try Self.changes(setting, controls: controls, centring: .subtracted, seed: seed, trainable: .outputLayer).changes
        let tolerance = 0.15
        let frozenHasSlope = frozen.allSatisfy { $0 > 0 } && abs(LogLogFit(x: controls, y: frozen).slope + 1) <= tolerance
        return CheckOutcome(
            setting: "\(setting.description), centred by subtracting F(theta0), A = alpha sqrt(m) = \(formatNumber(controls.first!, digits: 3))..\(formatNumber(controls.last!, digits: 3)) (switches \(measured.switches.map(String.init).joined(separator: ",")))",
            measured: "relative kernel change: \(fit.summary) | measurements: centred in pairs slope \(formatNumber(pairs.slope, digits: 3)); A = 10..1000 (switches \(theory.switches.map(String.init).joined(separator: ","))): \(theoryFit.summary)",
            predicted: "slope -1", tolerance: "\(tolerance)", passed: abs(fit.slope + 1) <= tolerance,
            control: "first layer frozen: kernel change \(frozen.map { formatNumber($0, digits: 2) }.joined(separator: ", ")) (no power law)",
            controlFailed: !frozenHasSlope)
    }
}
