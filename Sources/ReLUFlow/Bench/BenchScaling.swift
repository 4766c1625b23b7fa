import Foundation

/// Throughput of independent solves run by a fixed number of concurrent workers.
public enum WorkerScaling {
    /// Wall seconds to solve every problem with `workers` threads, each taking the next unsolved
    /// problem (the solver keeps BLAS single-threaded, so one solve uses one core).
    public static func wallSeconds(_ problems: [FlowProblem], options: SolverOptions, workers: Int) -> Double {
        let queue = JobQueue(count: problems.count)
        let start = Date()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let k = queue.next() { _ = try? solve(problems[k], options: options) }
        }
        return Date().timeIntervalSince(start)
    }

    /// The problems of the scaling run: `count` seeds of one setting.
    public static func problems(n: Int, d: Int, m: Int, lambda: Double, count: Int) throws -> [FlowProblem] {
        try (1...count).map { k in
            let seed = UInt64(k)
            let data = try Teacher.linear(inputs: .gaussian).sample(n: n, d: d, noise: 0.25, seed: seed)
            let net = try Initialization(scale: lambda, seed: seed).network(width: m, dimension: d)
            return try FlowProblem(data: data, initial: net)
        }
    }
}

/// Hands out 0..<count once each, to any thread.
private final class JobQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int
    init(count: Int) { self.count = count }
    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }
}

/// Cost of the plateau in the log-norm formulation: the same problem from lambda0 and from a
/// far smaller lambda, each run to the same distance past its escape (the escape time grows by
/// log(lambda0 / lambda) / G, G = max(G_max, -G_min) the early-phase growth rate).
public enum PlateauCost {
    public struct Result: Sendable {
        public let rate: Double
        public let times: (Double, Double)
        public let evaluations: (Int, Int)
        public let walls: (Double, Double)
        public let losses: (Double, Double)
    }

    public static func measure(n: Int, d: Int, m: Int, seed: UInt64, logLambdas: (Double, Double), time: Double,
                        rtol: Double) throws -> Result {
        let data = try Teacher.linear(inputs: .gaussian).sample(n: n, d: d, noise: 0.25, seed: seed)
        let extremes = EarlyPhaseObjective(data: data).extremes(starts: 100, seed: seed)
        let rate = max(extremes.max, -extremes.min)
        func run(_ logLambda: Double, _ horizon: Double) throws -> (Int, Double, Double) {
            let net = try Initialization(logScale: logLambda, seed: seed).network(width: m, dimension: d)
            let problem = try FlowProblem(data: data, initial: net)
            let start = Date()
            let s = try solve(problem, options: SolverOptions(endTime: horizon, relativeTolerance: rtol,
                                                              parametrisation: .logNorm, logSpacedSamples: 0))
            return (s.statistics.fieldEvaluations, Date().timeIntervalSince(start), s.final.loss(on: data, loss: .square))
        }
        let far = time + (logLambdas.0 - logLambdas.1) / rate
        let a = try run(logLambdas.0, time), b = try run(logLambdas.1, far)
        return Result(rate: rate, times: (time, far), evaluations: (a.0, b.0), walls: (a.1, b.1), losses: (a.2, b.2))
    }
}
