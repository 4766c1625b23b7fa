import Foundation

/// `alignment`, orthogonal inputs (D): <w_j, x_k> changes only through the residual at x_k and
/// activations can only switch off, so a positive neuron whose active set at t = 0 is A_j aligns
/// with w+_A = sum_{k in A_j, y_k > 0} y_k x_k (a negative one with sum_{k in A_j, y_k < 0} |y_k| x_k;
/// A_j containing every such k gives the w+ and w- of the paper), and the flow interpolates.
/// Derivation: proofs-notes/orthogonal-inputs.md.
public struct OrthogonalInputsCheck: TheoremCheck {
    public let name = "orthogonal-inputs"
    public let source = "alignment: orthogonal data (D)"
    public let kind = CheckKind.theorem

    public init() {}

    /// Labels +-(1..2), signs alternating, magnitudes drawn from the seed.
    static func labels(_ n: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { k in (k % 2 == 0 ? 1 : -1) * (1 + Double(rng.next() % 1_000_001) / 1_000_000) }
    }

    /// Smallest cosine, at the end of the early phase, between a living neuron and the
    /// prediction from its initial active set; and the final loss.
    static func measure(data: Dataset, width: Int, lambda: Double, time: Double, seed: UInt64)
        throws -> (cosine: Double, loss: Double, living: Int) {
        let n = data.sampleCount
        let net = try Initialization(scale: lambda, seed: seed).network(width: width, dimension: data.dimension)
        let solution = try solve(FlowProblem(data: data, initial: net),
                                 options: SolverOptions(endTime: time, relativeTolerance: 1e-10, logSpacedSamples: 200))
        let escape = escapeTime(solution.samples) ?? time
        let phaseEnd = solution.samples.last { $0.time <= escape }!
        let start = solution.samples[0]
        var smallest = 1.0, living = 0
        for j in 0..<width {
            let s: Double = net.outputWeights[j] > 0 ? 1 : -1
            let u0 = start.directions.row(j)
            var target = [Double](repeating: 0, count: data.dimension)
            for k in 0..<n where dot(u0, data.inputs.row(k)) > 0 && s * data.labels[k] > 0 {
                for c in target.indices { target[c] += abs(data.labels[k]) * data.inputs[k, c] }
            }
            guard euclideanNorm(target) > 0 else { continue }
            living += 1
            smallest = min(smallest, cos(angle(between: phaseEnd.directions.row(j), target)))
        }
        return (smallest, solution.samples.last!.loss, living)
    }

    public func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome {
        let quick = level == .quick
        let n = 8, m = quick ? 40 : 100, lambda = exp(-30.0), time = 400.0
        let y = Self.labels(n, seed: seed)
        var identity = Matrix(rows: n, columns: n)
        for k in 0..<n { identity[k, k] = 1 }
        let measured = try Self.measure(data: Dataset(inputs: identity, labels: y), width: m, lambda: lambda,
                                        time: time, seed: seed)
        var shifted = identity
        for k in 0..<n { for c in 0..<n { shifted[k, c] += 0.9 / Double(n).squareRoot() } }
        let control = try Self.measure(data: Dataset(inputs: shifted, labels: y), width: m, lambda: lambda,
                                       time: time, seed: seed)
        return CheckOutcome(
            setting: "x_k = e_k, d = n = 8, y_k = +-(1..2) alternating, m=\(m), lambda=e^-30, T=400; \(measured.living) living neurons",
            measured: "min cos(u_j, w+-_A) at the escape \(formatNumber(measured.cosine, digits: 8)); final loss \(formatNumber(measured.loss, digits: 3))",
            predicted: "cos 1; loss 0",
            tolerance: "cos > 0.999; loss <= 1e-8", passed: measured.cosine > 0.999 && measured.loss <= 1e-8,
            control: "x_k = e_k + 0.9/sqrt(d) 1: min cos \(formatNumber(control.cosine, digits: 4))",
            controlFailed: control.cosine < 0.99)
    }
}
