import Foundation

/// `alignment`, exact trajectory (B): a balanced neuron with the wrong output sign
/// (a = -||w||, y > 0) reaches <w, x> = 0 at a predicted finite time t* and is frozen after it.
/// Derivation: proofs-notes/deactivation.md.
public struct DeactivationCheck: TheoremCheck {
    public let name = "deactivation"
    public let source = "alignment: exact trajectory (B)"
    public let kind = CheckKind.theorem

    public init() {}

    /// t* = int_0^{s*} ds / (y + p(s) c(s)) with c(s) = |x| tanh(phi0 - |x| s),
    /// p(s) = p0 cosh^2(phi0 - |x| s) / cosh^2(phi0), s* = phi0 / |x|, phi0 = atanh(c0 / |x|).
    static func predictedTime(xNorm: Double, y: Double, p0: Double, c0: Double) -> Double {
        let phi0 = atanh(c0 / xNorm), sStar = phi0 / xNorm, k = 20_000
        func integrand(_ s: Double) -> Double {
            let c = xNorm * tanh(phi0 - xNorm * s)
            let p = p0 * pow(cosh(phi0 - xNorm * s), 2) / pow(cosh(phi0), 2)
            return 1 / (y + p * c)
        }
        let h = sStar / Double(k)
        var sum = integrand(0) + integrand(sStar)
        for i in 1..<k { sum += integrand(Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
        return sum * h / 3
    }

    public func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome {
        let x = [1.5, 0.0, 0.0], y = 1.0, angle = Double.pi / 6, r = 0.8
        let w0 = [r * cos(angle), r * sin(angle), 0]
        let problem = try FlowProblem(data: Dataset(inputs: Matrix(rows: 1, columns: 3, storage: x), labels: [y]),
                                      initial: Network(outputWeights: [-r], hiddenWeights: Matrix(rows: 1, columns: 3, storage: w0)))
        let predicted = Self.predictedTime(xNorm: 1.5, y: y, p0: r * r, c0: 1.5 * cos(angle))
        func crossing(locating: Bool) throws -> (time: Double, drift: Double) {
            var options = try SolverOptions(endTime: 3 * predicted, relativeTolerance: 1e-10,
                                            parametrisation: .weights, sampleTimes: [2 * predicted], logSpacedSamples: 0)
            options.locatesEvents = locating
            let solution = try solve(problem, options: options)
            let time = solution.events.first?.time ?? .infinity
            let last = solution.samples.suffix(2).map { $0.outputWeights + $0.directions.storage + $0.logNorms }
            let drift = zip(last[0], last[1]).map { abs($0 - $1) }.max() ?? .infinity
            return (time, drift)
        }
        let located = try crossing(locating: true)
        let unlocated = try crossing(locating: false)
        let error = abs(located.time - predicted) / predicted
        let controlError = abs(unlocated.time - predicted) / predicted
        return CheckOutcome(
            setting: "x=1.5 e1, y=1, |w0|=0.8 at 30 deg, a0=-0.8, rtol 1e-10",
            measured: "t*=\(formatNumber(located.time, digits: 12)) (rel err \(formatNumber(error, digits: 2))), drift after \(formatNumber(located.drift, digits: 2))",
            predicted: "t*=\(formatNumber(predicted, digits: 12)), drift 0",
            tolerance: "1e-8 rel; 1e-12", passed: error <= 1e-8 && located.drift <= 1e-12,
            control: "switch location off: crossing-time rel err \(formatNumber(controlError, digits: 2))",
            controlFailed: controlError > 1e-4)
    }
}
