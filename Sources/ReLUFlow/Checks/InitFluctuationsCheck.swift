import Foundation

/// Lazy training from a centred init: the learned function is the tangent-kernel predictor of the
/// random Theta(0), whose fluctuations over the init are O(1/sqrt(m)); so the standard deviation
/// over init seeds of the test predictions falls as m^(-1/2). Derivation:
/// proofs-notes/init-fluctuations.md.
public struct InitFluctuationsCheck: TheoremCheck {
    public let name = "init-fluctuations"
    public let source = "lazy: fluctuations of the learned function ~ 1/sqrt(h)"
    public let kind = CheckKind.theorem

    public init() {}

    /// RMS over test inputs of the standard deviation over seeds of F(T)(x).
    static func spread(data: Dataset, test: Dataset, width: Int, alpha: Double, seeds: [UInt64], centred: Bool,
                       horizon: Double) throws -> Double {
        let scaling = try OutputScaling(alpha: alpha, normalisation: .ntk)
        let predictions = try seeds.map { seed in
            let net = try Initialization(scale: 1, seed: seed, centred: centred).network(width: width, dimension: data.dimension)
            let problem = try FlowProblem(data: data, initial: net, scaling: scaling)
            let final = try LazySetting.flow(problem, times: [], endTime: horizon).final
            return final.outputs(on: test, outputScale: scaling.outputScale(width: width))
        }
        let k = Double(seeds.count)
        var total = 0.0
        for i in 0..<test.sampleCount {
            let values = predictions.map { $0[i] }
            let mean = values.reduce(0, +) / k
            total += values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (k - 1)
        }
        return (total / Double(test.sampleCount)).squareRoot()
    }

    public func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome {
        let n = 10, d = 5, testCount = 20, alpha = 100.0, horizon = 5.0
        let teacher = Teacher.relu(neurons: 2)
        let data = try teacher.sample(n: n, d: d, noise: 0, seed: seed)
        let test = try teacher.heldOut(count: testCount, after: n, d: d, noise: 0, seed: seed)
        let widths = level.choose(quick: [16, 32, 64, 128, 256], standard: [32, 64, 128, 256, 512],
                                  full: [64, 128, 256, 512, 1024])
        let seeds = (0..<(level == .quick ? 8 : 20)).map { seed &+ 1000 &+ UInt64($0) }
        func fit(centred: Bool) throws -> LogLogFit {
            LogLogFit(x: widths.map(Double.init), y: try widths.map {
                try Self.spread(data: data, test: test, width: $0, alpha: alpha, seeds: seeds, centred: centred, horizon: horizon)
            })
        }
        let measured = try fit(centred: true)
        let control = try fit(centred: false)
        let tolerance = 0.1
        return CheckOutcome(
            setting: "relu teacher (2 neurons) n=\(n) d=\(d), \(testCount) test inputs, ntk normalisation, alpha=\(Int(alpha)) (lazy), T=\(Int(horizon)), centred in pairs, \(seeds.count) init seeds, m = \(widths.first!)..\(widths.last!)",
            measured: "std over seeds of test predictions vs m: \(measured.summary)", predicted: "slope -0.5",
            tolerance: "\(tolerance)", passed: abs(measured.slope + 0.5) <= tolerance,
            control: "no centring: \(control.summary)", controlFailed: abs(control.slope + 0.5) > tolerance)
    }
}
