import Foundation

/// `fls`, early alignment on the Gaussian mixture: with logistic loss and a balanced init at scale
/// s, while f ~ 0 a positive neuron whose active inputs are exactly the positive class turns
/// towards their mean direction m_+ with tan(phi/2) = tan(phi0/2) exp(-||D_+|| t), D_+ = (1/2n)
/// sum_{y_i = +1} x_i, and the directions' flow does not depend on s. So at t = c log(1/s) /
/// ||D_+|| (the norms grown by s^-c) the aligned neurons' weighted angle to m_+ is proportional
/// to s^c: log-log slope c = 1/2 here; c -> 1 (the end of the alignment phase) gives s =
/// sqrt(alpha). Control: lazy scales s = 1 ... 100 at a fixed horizon, where the directions
/// barely turn. Derivation: proofs-notes/mixture-alignment.md.
public struct MixtureAlignmentCheck: TheoremCheck {
    public let name = "mixture-alignment"
    public let source = "fls: angle to the class mean at the end of early alignment ~ sqrt(alpha) (mixture)"
    public let kind = CheckKind.theorem

    public init() {}

    /// Share c of the alignment phase log(1/s) / ||D_+|| at which the angle is measured.
    static let phaseShare = 0.5
    static let tolerance = 0.02

    /// What one run measured: the aligned neurons' weighted mean angle to m_+ and to mu_hat, and
    /// how many neurons were aligned (positive, active on exactly the positive class).
    struct Angles {
        let toClassMean: Double
        let toMeanDifference: Double
        let aligned: Int
    }

    /// The mixture's training set of `seed`, refused unless m_+ separates the classes (every
    /// positive input on its positive side, every negative one on its negative side), so that a
    /// neuron along m_+ is active on exactly the positive class and m_+ is a fixed direction.
    static func data(n: Int, d: Int, seed: UInt64) throws -> Dataset {
        let data = try Teacher.mixture(GaussianMixture(kappa: 3, sigma: 1)).sample(n: n, d: d, noise: 0, seed: seed)
        let mean = positiveDrive(data)
        guard (0..<n).allSatisfy({ data.labels[$0] * dot(mean, data.inputs.row($0)) > 0 }) else {
            throw InputError(field: "mixture-alignment data", value: "seed \(seed)",
                             reason: "the positive-class mean does not separate the classes")
        }
        return data
    }

    /// D_+ = (1/2n) sum_{y_i = +1} x_i: -dL/df_i = y_i / (2n) at f = 0 for the mean logistic loss.
    static func positiveDrive(_ data: Dataset) -> [Double] {
        let n = data.sampleCount
        return (0..<data.dimension).map { k in
            (0..<n).filter { data.labels[$0] > 0 }.reduce(0.0) { $0 + data.inputs[$1, k] } / Double(2 * n)
        }
    }

    /// Runs the flow from scale s to `time` and measures the aligned neurons.
    static func angles(data: Dataset, width: Int, scale: Double, time: Double, seed: UInt64) throws -> Angles {
        let net = try Initialization(logScale: log(scale), seed: seed).network(width: width, dimension: data.dimension)
        let problem = try FlowProblem(data: data, initial: net, loss: .logistic)
        let solution = try solve(problem, options: SolverOptions(endTime: time, relativeTolerance: 1e-10, logSpacedSamples: 0))
        let last = solution.samples.last!
        let drive = positiveDrive(data), classMean = GaussianMixture.classMean(of: data)
        let n = data.sampleCount
        let aligned = (0..<width).filter { j in
            last.outputWeights[j].sign == .plus && last.outputWeights[j] != 0
                && (0..<n).allSatisfy { (dot(last.directions.row(j), data.inputs.row($0)) > 0) == (data.labels[$0] > 0) }
        }
        guard !aligned.isEmpty else { return Angles(toClassMean: .nan, toMeanDifference: .nan, aligned: 0) }
        let top = aligned.map { last.logMagnitudes[$0] }.max()!
        let weights = aligned.map { exp(last.logMagnitudes[$0] - top) }
        func mean(to v: [Double]) -> Double {
            zip(aligned, weights).reduce(0.0) { $0 + $1.1 * angle(between: last.directions.row($1.0), v) } / weights.reduce(0, +)
        }
        return Angles(toClassMean: mean(to: drive), toMeanDifference: mean(to: classMean), aligned: aligned.count)
    }

    public func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome {
        let (n, d) = (20, 5)
        let m = level.choose(quick: 20, standard: 40, full: 100)
        let exponents: [Double] = level.choose(quick: [-10, -8, -6], standard: [-12, -10, -8, -6, -4],
                                               full: [-14, -12, -10, -8, -6, -4])
        let data = try Self.data(n: n, d: d, seed: seed)
        let rate = euclideanNorm(Self.positiveDrive(data))
        let scales = exponents.map { pow(10, $0) }
        let measured = try scales.map { s in
            try Self.angles(data: data, width: m, scale: s, time: Self.phaseShare * log(1 / s) / rate, seed: seed)
        }
        let controlScales = [1.0, 3, 10, 30, 100]
        let horizon = Self.phaseShare * log(1e4) / rate
        let control = try controlScales.map { s in try Self.angles(data: data, width: m, scale: s, time: horizon, seed: seed) }
        func slope(_ x: [Double], _ a: [Angles]) -> LogLogFit? {
            let points = zip(x, a).filter { $0.1.toClassMean > 0 && $0.1.toClassMean.isFinite }
            return points.count >= 2 ? LogLogFit(x: points.map(\.0), y: points.map(\.1.toClassMean)) : nil
        }
        let fit = slope(scales, measured), controlFit = slope(controlScales, control)
        let complete = measured.allSatisfy { $0.aligned > 0 }
        let floor = angle(between: Self.positiveDrive(data), GaussianMixture.classMean(of: data))
        return CheckOutcome(
            setting: "mixture kappa=3 sigma=1, n=\(n) d=\(d) m=\(m), logistic, balanced init at s=1e"
                + exponents.map { "\(Int($0))" }.joined(separator: ",1e") + ", angle at t=0.5 log(1/s)/|D+|",
            measured: (fit.map { "angle to m+: " + $0.summary } ?? "no aligned neurons")
                + "; aligned neurons " + measured.map { "\($0.aligned)" }.joined(separator: ",")
                + "; angle to mu_hat " + measured.map { formatNumber($0.toMeanDifference, digits: 3) }.joined(separator: ",")
                + " (floor angle(m+, mu_hat) = \(formatNumber(floor, digits: 3)))",
            predicted: "slope \(Self.phaseShare) (angle ~ s^c at t = c log(1/s)/|D+|; s = sqrt(alpha) at c = 1)",
            tolerance: "\(Self.tolerance) in the slope", passed: complete && fit.map { abs($0.slope - Self.phaseShare) <= Self.tolerance } ?? false,
            control: "lazy s=1..100 at t=\(formatNumber(horizon, digits: 3)): "
                + (controlFit.map { "slope \(formatNumber($0.slope, digits: 3))" } ?? "no aligned neurons")
                + "; aligned neurons " + control.map { "\($0.aligned)" }.joined(separator: ","),
            controlFailed: controlFit.map { abs($0.slope - Self.phaseShare) > Self.tolerance } ?? true)
    }
}
