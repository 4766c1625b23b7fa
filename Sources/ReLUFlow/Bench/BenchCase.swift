import Foundation

/// A benchmark problem: generated data (linear teacher, Gaussian inputs), a balanced init at
/// scale exp(logLambda), an end time, how its reference solution is computed, and which runs it
/// makes unless told otherwise.
public struct BenchCase: Sendable {
    public enum Reference: Sendable {
        /// Richardson-extrapolated gradient descent with steps eta and eta/2 (ReLUFlow's own
        /// `EulerReference`); its resolution is its distance to ReLUFlow rk8pd at rtol 1e-12.
        case euler(step: Double)
        /// ReLUFlow itself (rk8pd) at a tight relative tolerance; its resolution is its distance
        /// to the run at 10 times that tolerance.
        case tight(rtol: Double)
        /// Richardson extrapolation of the gradient-descent peer's runs at its two largest steps;
        /// its resolution is its distance to the extrapolation from the next two.
        case peerGradientDescent
    }

    public let name: String
    /// The selection name of `cases` (several cases may share it).
    public let group: String
    public let n: Int, d: Int, m: Int
    public let noise: Double
    public let seed: UInt64
    public let logLambda: Double
    public let time: Double
    public let reference: Reference
    /// Give the scipy peer atol = rtol times the largest initial weight entry (as ReLUFlow's
    /// default) instead of its own default 1e-10, which is above every weight of a small init.
    public let matchedPeerAtol: Bool
    /// ReLUFlow's runs (step type, rtol) when the caller gives none (nil: the bench's defaults).
    public let flowRuns: [(StepType, Double)]?
    /// The scipy peer's methods when the caller gives none (nil: the bench's defaults).
    public let scipyMethods: [String]?
    /// The gradient-descent peer's steps when the caller gives none (nil: the bench's defaults).
    public var gradientDescentSteps: [Double]? = nil
    /// Also run each of ReLUFlow's runs with full restarts at every event and one step type
    /// throughout (`EventHandling.full`, label suffix `/full`) and with the default handling but
    /// one step type throughout (no `SolverOptions.eventDenseMethod`, suffix `/same`), side by
    /// side with the defaults.
    public var comparesFullRestarts = false

    public var lambdaText: String {
        logLambda > log(Double.leastNormalMagnitude) ? formatNumber(exp(logLambda), digits: 3)
            : "exp(\(formatNumber(logLambda, digits: 6)))"
    }

    public var setting: String {
        "n=\(n) d=\(d) m=\(m) lambda=\(lambdaText) T=\(formatNumber(time, digits: 6)) seed=\(seed)"
    }

    /// The problem: data of the linear teacher on Gaussian inputs, the balanced init of the seed.
    public func problem() throws -> FlowProblem {
        let data = try Teacher.linear(inputs: .gaussian).sample(n: n, d: d, noise: noise, seed: seed)
        let net = try Initialization(logScale: logLambda, seed: seed).network(width: m, dimension: d)
        return try FlowProblem(data: data, initial: net)
    }

    /// The cases of the benchmark. `quick` shortens the medium and large horizons. The
    /// small-initialization cases end past the escape of their first neuron, which grows at rate
    /// ~0.157 while it slides (log||w|| from -690 to -396 over t = 0..1874 at lambda = 1e-300): the loss
    /// falls from 0.538 to 0.500 near t = 190 (lambda = 1e-12) and t = 4500 (1e-300). `scale`
    /// (n = m = 200, d = 5, to T = 50) is the size where gradient descent is the natural rival; it
    /// runs ReLUFlow rk8pd at rtol 1e-8, gradient descent at steps 1e-3 and 5e-4 (its reference)
    /// and no scipy run unless told otherwise.
    public static func all(quick: Bool) -> [BenchCase] {
        let smallData = (n: 6, d: 3, m: 4, noise: 0.5, seed: UInt64(1))
        func small(_ name: String, group: String, logLambda: Double, time: Double, reference: Reference,
                   matched: Bool) -> BenchCase {
            BenchCase(name: name, group: group, n: smallData.n, d: smallData.d, m: smallData.m, noise: smallData.noise,
                      seed: smallData.seed, logLambda: logLambda, time: time, reference: reference,
                      matchedPeerAtol: matched, flowRuns: nil, scipyMethods: nil)
        }
        func wide(_ name: String, group: String, size: (Int, Int, Int), time: Double) -> BenchCase {
            BenchCase(name: name, group: group, n: size.0, d: size.1, m: size.2, noise: 0.25, seed: 3,
                      logLambda: log(1e-4), time: time, reference: .tight(rtol: 1e-12), matchedPeerAtol: false,
                      flowRuns: nil, scipyMethods: nil)
        }
        return [
            small("small", group: "small", logLambda: log(0.5), time: 50, reference: .euler(step: 2e-5), matched: false),
            wide("medium-t3", group: "medium", size: (100, 10, 100), time: quick ? 0.5 : 3),
            wide("medium-t400", group: "medium", size: (100, 10, 100), time: quick ? 20 : 400),
            wide("large", group: "large", size: (500, 50, 500), time: quick ? 1e-4 : 1e-3),
            small("small-init-1e-12", group: "small-init", logLambda: log(1e-12), time: 300,
                  reference: .tight(rtol: 1e-12), matched: true),
            small("small-init-1e-300", group: "small-init", logLambda: log(1e-300), time: 5000,
                  reference: .tight(rtol: 1e-12), matched: true),
            BenchCase(name: "scale", group: "scale", n: 200, d: 5, m: 200, noise: 0.25, seed: 1, logLambda: log(1e-6),
                      time: 50, reference: .peerGradientDescent, matchedPeerAtol: false,
                      flowRuns: [(.rk8pd, 1e-8)], scipyMethods: [], gradientDescentSteps: [1e-3, 5e-4],
                      comparesFullRestarts: true),
        ]
    }

    /// The groups run when none is named (`scale` is left out: it takes minutes).
    public static let defaultGroups = ["small", "medium", "large", "small-init"]

    /// The cases whose group or name is in `names`, in the bench's order.
    /// - Throws: `InputError` (field `cases`) naming an unknown name.
    public static func selected(_ names: [String], quick: Bool) throws -> [BenchCase] {
        let all = all(quick: quick)
        for name in names where !all.contains(where: { $0.group == name || $0.name == name }) {
            var known: [String] = []
            for c in all where !known.contains(c.group) { known.append(c.group) }
            for c in all where !known.contains(c.name) { known.append(c.name) }
            throw InputError(field: "cases", value: name, reason: "one of " + known.joined(separator: ", "))
        }
        return all.filter { names.contains($0.group) || names.contains($0.name) }
    }
}
