import Foundation

/// Homogeneity: g(x; s theta) = s^2 g(x; theta), so the flow on L(g) from s theta0 is s times the
/// flow of the model alpha g on L(alpha g) / alpha^2 with alpha = s^2, at time s^2 t:
/// theta_s(t) = s phi(s^2 t), F_s(t) = F_alpha(s^2 t). Derivation: proofs-notes/homogeneity.md.
public struct HomogeneityCheck: TheoremCheck {
    public let name = "homogeneity"
    public let source = "lazy (Chizat et al.): init scale s = output scale alpha = s^2, time s^2 t"
    public let kind = CheckKind.theorem

    public init() {}

    /// Largest relative output and parameter discrepancies between the init-scale flow and the
    /// output-scale flow, over the sample times.
    static func discrepancy(data: Dataset, scaledInit: Network, base: Network, s: Double, times: [Double]) throws -> Double {
        let plain = try FlowProblem(data: data, initial: scaledInit)
        let scaled = try FlowProblem(data: data, initial: base, scaling: OutputScaling(alpha: s * s))
        let a = try LazySetting.flow(plain, times: times, endTime: times.last!)
        let b = try LazySetting.flow(scaled, times: times.map { s * s * $0 }, endTime: s * s * times.last!)
        var worst = 0.0
        for (x, y) in zip(a.samples, b.samples) {
            let fa = x.network.outputs(on: data), fb = y.network.outputs(on: data, outputScale: s * s)
            let scale = max(1, fa.map(abs).max()!)
            worst = max(worst, zip(fa, fb).map { abs($0 - $1) }.max()! / scale)
            let pa = x.network.parameterVector, pb = y.network.parameterVector.map { s * $0 }
            worst = max(worst, euclideanDistance(pa, pb) / max(1, euclideanNorm(pa)))
        }
        return worst
    }

    public func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome {
        let quick = level == .quick
        let n = quick ? 8 : 20, d = quick ? 3 : 5, m = quick ? 6 : 20
        let data = try Teacher.relu(neurons: 2).sample(n: n, d: d, noise: 0.1, seed: seed)
        let base = try Initialization(scale: 1, balance: .unbalanced, seed: seed).network(width: m, dimension: d)
        let scales = quick ? [0.3, 3.0] : [0.1, 0.3, 3.0, 10.0]
        let times = (1...10).map { 5 * Double($0) / 10 }
        var worst = 0.0
        for s in scales {
            let scaledInit = try Network(outputWeights: base.outputWeights.map { s * $0 },
                                         hiddenWeights: Matrix(rows: m, columns: d, storage: base.hiddenWeights.storage.map { s * $0 }))
            worst = max(worst, try Self.discrepancy(data: data, scaledInit: scaledInit, base: base, s: s, times: times))
        }
        // Control: scale one layer only (w by s^2, a unchanged): the same function at init, another flow.
        let s = 3.0
        let oneLayer = try Network(outputWeights: base.outputWeights,
                                   hiddenWeights: Matrix(rows: m, columns: d, storage: base.hiddenWeights.storage.map { s * s * $0 }))
        let control = try Self.discrepancy(data: data, scaledInit: oneLayer, base: base, s: s, times: times)
        let tolerance = 1e-7
        return CheckOutcome(
            setting: "relu teacher n=\(n) d=\(d) sigma=0.1, m=\(m) unbalanced, s in \(scales.map { formatNumber($0, digits: 2) }.joined(separator: ",")), t in 0..5, rtol 1e-10",
            measured: "max relative |F_s(t) - F_alpha(s^2 t)|, |theta_s(t) - s phi(s^2 t)| = \(formatNumber(worst, digits: 3))",
            predicted: "0", tolerance: "\(tolerance)", passed: worst <= tolerance,
            control: "one layer scaled (w by s^2 = 9): discrepancy \(formatNumber(control, digits: 3))",
            controlFailed: control > 1e-2)
    }
}
