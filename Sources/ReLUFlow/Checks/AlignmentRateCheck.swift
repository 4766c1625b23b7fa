import Foundation

/// `alignment`, exact trajectory (C): while f ~ 0 and D(u) = D is constant along the way, the
/// angle phi between u_j and D obeys tan(phi/2) = tan(phi0/2) exp(-||D|| t) and
/// ||w_j(t)|| / ||w_j(0)|| = cos^2(phi0/2) exp(||D|| t) + sin^2(phi0/2) exp(-||D|| t).
/// D is constant for a positive neuron whose inputs are all active when every input lies on the
/// positive side of D (the path is the arc from u0 to D/||D||). Derivation: proofs-notes/alignment-rate.md.
public struct AlignmentRateCheck: TheoremCheck {
    public let name = "alignment-rate"
    public let source = "alignment: directional dynamics with D constant (C)"
    public let kind = CheckKind.theorem

    public init() {}

    /// Inputs x_i = e1 + spread g_i (g_i ~ N(0, I)), labels y_i = x_i1 (teacher beta* = e1, no noise).
    static func coneData(n: Int, d: Int, spread: Double, seed: UInt64) throws -> Dataset {
        var rng = SeededGenerator(seed: seed)
        var x = Matrix(rows: n, columns: d)
        for i in 0..<n { for k in 0..<d { x[i, k] = (k == 0 ? 1 : 0) + spread * rng.gaussian() } }
        return try Dataset(inputs: x, labels: (0..<n).map { x[$0, 0] })
    }

    /// Largest relative errors of tan(phi/2) and of the norm ratio against (C) up to `horizon`, over the positive neurons with every input active at t = 0;
    /// and how many such neurons there were.
    static func errors(data: Dataset, width: Int, lambda: Double, horizon: Double, seed: UInt64)
        throws -> (tangent: Double, norm: Double, neurons: Int) {
        let n = data.sampleCount
        let drive = (0..<data.dimension).map { k in (0..<n).map { data.labels[$0] * data.inputs[$0, k] }.reduce(0, +) / Double(n) }
        let rate = euclideanNorm(drive)
        guard (0..<n).allSatisfy({ dot(drive, data.inputs.row($0)) > 0 }) else {
            throw InputError(field: "alignment-rate data", value: "seed \(seed)", reason: "an input is not on the positive side of D")
        }
        let net = try Initialization(scale: lambda, seed: seed).network(width: width, dimension: data.dimension)
        let times = (1...40).map { horizon * Double($0) / 40 }
        let solution = try solve(FlowProblem(data: data, initial: net),
                                 options: SolverOptions(endTime: horizon, relativeTolerance: 1e-10, sampleTimes: times,
                                                        logSpacedSamples: 0))
        let start = solution.samples[0]
        let tracked = (0..<width).filter { j in
            net.outputWeights[j] > 0 && (0..<n).allSatisfy { dot(start.directions.row(j), data.inputs.row($0)) > 0 }
        }
        var worst = (tangent: 0.0, norm: 0.0)
        for j in tracked {
            let phi0 = angle(between: start.directions.row(j), drive)
            for s in solution.samples.dropFirst() {
                let t = s.time
                let tangent = tan(angle(between: s.directions.row(j), drive) / 2)
                let predicted = tan(phi0 / 2) * exp(-rate * t)
                let c = cos(phi0 / 2), si = sin(phi0 / 2)
                let ratio = exp(s.logNorms[j] - start.logNorms[j])
                let predictedRatio = c * c * exp(rate * t) + si * si * exp(-rate * t)
                worst.tangent = max(worst.tangent, abs(tangent / predicted - 1))
                worst.norm = max(worst.norm, abs(ratio / predictedRatio - 1))
            }
        }
        return (worst.tangent, worst.norm, tracked.count)
    }

    public func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome {
        let n = level.choose(quick: 30, standard: 50, full: 100), d = 10, lambda = 1e-6
        let m = level.choose(quick: 60, standard: 100, full: 200)
        let data = try Self.coneData(n: n, d: d, spread: 0.1, seed: seed)
        let drive = (0..<d).map { k in (0..<n).map { data.labels[$0] * data.inputs[$0, k] }.reduce(0, +) / Double(n) }
        let horizon = 0.5 * log(1 / lambda) / euclideanNorm(drive)
        let measured = try Self.errors(data: data, width: m, lambda: lambda, horizon: horizon, seed: seed)
        let control = try Self.errors(data: data, width: m, lambda: 1, horizon: horizon, seed: seed)
        let tolerance = 1e-3
        return CheckOutcome(
            setting: "x_i = e1 + 0.1 N(0, I_10), y_i = x_i1 (beta* = e1, no noise), n=\(n), m=\(m), lambda=1e-6, "
                + "t up to 0.5 log(1/lambda)/||D||; \(measured.neurons) positive neurons with all inputs active",
            measured: "max rel err tan(phi/2) \(formatNumber(measured.tangent, digits: 2)), norm ratio \(formatNumber(measured.norm, digits: 2))",
            predicted: "tan(phi0/2) e^(-|D|t); cos^2 e^(|D|t) + sin^2 e^(-|D|t)",
            tolerance: "\(tolerance) rel", passed: measured.neurons > 0 && max(measured.tangent, measured.norm) <= tolerance,
            control: "lambda=1: tan err \(formatNumber(control.tangent, digits: 2)), norm err \(formatNumber(control.norm, digits: 2))",
            controlFailed: max(control.tangent, control.norm) > 0.1)
    }
}
