import Foundation

/// Feature training (A = alpha sqrt(m) << 1, centred in pairs): the dynamics is linear (the kernel
/// constant) up to a time t1 ~ A, after which the kernel changes by O(1); measured as the first
/// time the relative kernel change reaches 0.1. Derivation: proofs-notes/t1-scaling.md.
public struct T1ScalingCheck: TheoremCheck {
    public let name = "t1-scaling"
    public let source = "lazy: t1 ~ alpha sqrt(h) in the feature regime"
    public let kind = CheckKind.theorem
    static let threshold = 0.1

    public init() {}

    /// First t (log-linear interpolation between samples) with relative kernel change >= 0.1, or nil.
    static func firstTime(_ setting: LazySetting, control a: Double, seed: UInt64, frozen: Bool) throws -> Double? {
        let problem = try setting.problem(alpha: a / Double(setting.width).squareRoot(), centring: .pairs, seed: seed)
        let times = LazySetting.grid(1e-3 * a, 10 * a, count: 49)
        let trainable: TrainableLayers = frozen ? .outputLayer : .both
        let networks: [Network]
        if frozen {
            let flow = LinearisedFlow(problem: problem, at: problem.initial, trainable: .outputLayer)
            networks = try flow.evolve(at: times).map { EulerReference.network($0.parameters, like: problem.initial) }
        } else {
            networks = try LazySetting.flow(problem, times: times, endTime: times.last!).samples.dropFirst().map(\.network)
        }
        let kernel0 = TangentKernel(network: problem.initial, problem: problem, trainable: trainable)
        let changes = networks.map { TangentKernel(network: $0, problem: problem, trainable: trainable).relativeChange(from: kernel0) }
        for k in 1..<changes.count where changes[k] >= threshold && changes[k - 1] < threshold {
            let u = (log(threshold) - log(changes[k - 1])) / (log(changes[k]) - log(changes[k - 1]))
            return exp(log(times[k - 1]) + u * (log(times[k]) - log(times[k - 1])))
        }
        return nil
    }

    public func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome {
        let setting = try LazySetting(level: level, seed: seed)
        let controls = LazySetting.grid(0.01, 1, count: 5)
        let times = try controls.map { try Self.firstTime(setting, control: $0, seed: seed, frozen: false) }
        let frozen = try controls.map { try Self.firstTime(setting, control: $0, seed: seed, frozen: true) }
        let tolerance = 0.2
        let found = times.compactMap { $0 }
        let fit = found.count == controls.count ? LogLogFit(x: controls, y: found) : nil
        return CheckOutcome(
            setting: "\(setting.description), centred in pairs, A = alpha sqrt(m) = 0.01..1, t1 = first t with |dTheta|/|Theta0| >= \(Self.threshold) (49 log-spaced samples in [1e-3 A, 10 A])",
            measured: fit.map { "t1 vs A: \($0.summary)" } ?? "t1 not reached at some A: \(times)",
            predicted: "slope +1", tolerance: "\(tolerance)", passed: fit.map { abs($0.slope - 1) <= tolerance } ?? false,
            control: "first layer frozen: t1 \(frozen.map { $0.map { formatNumber($0, digits: 3) } ?? "never" }.joined(separator: ", "))",
            controlFailed: frozen.contains { $0 == nil })
    }
}
