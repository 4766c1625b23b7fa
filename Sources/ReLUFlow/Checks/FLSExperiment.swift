import Foundation

/// Test error against feature-learning strength: logistic loss, balanced init at scale s (FLS =
/// 1/s^2, the inverse of the effective output scale: f(s theta0) = s^2 f(theta0)), gradient flow
/// stopped at the first time the training risk reaches eps; measures at the stop, per scale,
/// averaged over seeds with standard errors.
public struct FLSExperiment: Sendable {
    public var n = 100
    public var nTest = 2000
    public var d = 10
    public var m = 100
    public var teacherNeurons = 2
    public var flip = 0.1
    /// The task: nil for the noisy relu-teacher task (`ClassificationTask`, with `teacherNeurons`
    /// and `flip`), or a Gaussian mixture (training and test samples from one draw of it; clean
    /// labels, `teacherNeurons` and `flip` unused).
    public var mixture: GaussianMixture?
    /// Target training risk.
    public var eps = 0.1
    /// Init scales s, increasing (FLS decreasing).
    public var scales: [Double] = [1e-3, 1e-2, 1e-1, 1, 10]
    public var seeds = 5
    public var relativeTolerance = 1e-8
    /// Runs that have not reached eps by this time end there (they count as not stopped).
    public var endTime = 5000.0
    /// Accepted steps after which a run fails (a cell that fails fails the experiment).
    public var maxSteps = 200_000
    /// Stop at eps (true) or run to `endTime` (the no-early-stopping control).
    public var stops = true
    /// Cells run at once.
    public var workers = 2

    public init() {}

    /// Mean and standard error over seeds of one measure.
    public struct Estimate: Sendable {
        public let mean: Double
        public let standardError: Double
        public let count: Int

        /// Sample mean and standard error sqrt(var / k) (unbiased variance; 0 for one value or equal values).
        public init(_ values: [Double]) {
            count = values.count
            let k = Double(values.count)
            let average = values.reduce(0, +) / k
            let spread = values.count > 1 && values.contains { $0 != values[0] }
            let variance = spread ? values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / (k - 1) : 0
            mean = average
            standardError = (variance / k).squareRoot()
        }
    }

    /// One scale's results: means and standard errors over seeds of the cells' measures.
    public struct Row: Sendable {
        public let scale: Double
        public var fls: Double { 1 / (scale * scale) }
        public let testError: Estimate
        public let trainError: Estimate
        public let gap: Estimate
        public let effectiveRank: Estimate
        public let clusters: Estimate
        public let alignedShare: Estimate
        public let stopTime: Estimate
        public let kernelTestError: Estimate
        public let kernelDistance: Estimate
        public let kernelDisagreement: Estimate
        /// On a mixture (nil otherwise): the neurons' weighted angles to the class-mean direction
        /// and to the signal direction, and the two parts of the excess test error over the Bayes
        /// error (proofs-notes/fls-mixture.md): the class-mean classifier's excess (class-mean
        /// error - Bayes error: the estimation error every FLS pays at least, in expectation) and
        /// the network's excess over the class-mean classifier (test error - class-mean error:
        /// >= 0 in expectation; over-alignment at large FLS, over-fitting at small FLS).
        public let angleToClassMean: Estimate?
        public let angleToSignal: Estimate?
        public let classMeanExcess: Estimate?
        public let networkExcess: Estimate?
        public let bayesError: Double?
        /// Seeds whose run reached eps before the end time.
        public let stopped: Int
        /// Seeds whose run the solver gave up on (left out of the estimates).
        public let failed: Int
        /// Each seed's test error (for comparisons paired by seed: the same data and init
        /// directions at every scale).
        public let testErrorBySeed: [UInt64: Double]

        /// - Parameters: seeds: the seed of each cell (default 1, 2, ...).
        public init(scale: Double, cells all: [FLSCellMeasures], seeds: [UInt64]? = nil) {
            self.scale = scale
            let seeded = zip(seeds ?? all.indices.map { UInt64($0 + 1) }, all).filter { !$0.1.failed }
            let cells = seeded.map(\.1)
            failed = all.count - cells.count
            testErrorBySeed = Dictionary(uniqueKeysWithValues: seeded.map { ($0.0, $0.1.testError) })
            (testError, trainError, gap) = (Estimate(cells.map(\.testError)), Estimate(cells.map(\.trainError)),
                                            Estimate(cells.map(\.gap)))
            (effectiveRank, clusters) = (Estimate(cells.map(\.effectiveRank)), Estimate(cells.map { Double($0.clusters) }))
            (alignedShare, stopTime) = (Estimate(cells.map(\.alignedShare)), Estimate(cells.map(\.stopTime)))
            kernelTestError = Estimate(cells.map(\.kernelTestError))
            kernelDistance = Estimate(cells.map(\.kernelDistance))
            kernelDisagreement = Estimate(cells.map(\.kernelDisagreement))
            stopped = cells.filter(\.stopped).count
            let mixtures = cells.compactMap(\.mixture)
            let onMixture = !mixtures.isEmpty && mixtures.count == cells.count
            angleToClassMean = onMixture ? Estimate(mixtures.map(\.angleToClassMean)) : nil
            angleToSignal = onMixture ? Estimate(mixtures.map(\.angleToSignal)) : nil
            classMeanExcess = onMixture ? Estimate(mixtures.map { $0.classMeanError - $0.bayesError }) : nil
            networkExcess = onMixture ? Estimate(zip(cells, mixtures).map { $0.testError - $1.classMeanError }) : nil
            bayesError = onMixture ? mixtures[0].bayesError : nil
        }
    }

    /// Runs every (scale, seed) cell, `workers` at a time; the same numbers whatever `workers`.
    public func run() throws -> [Row] {
        try validate()
        let cells = scales.indices.flatMap { k in (0..<seeds).map { (k, UInt64($0 + 1)) } }
        let results = CellResults(count: cells.count)
        let next = CellCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let c = next.take(below: cells.count) {
                results.store(c, Result { try cell(scale: scales[cells[c].0], seed: cells[c].1) })
            }
        }
        let measured = try results.values()
        return scales.indices.map { k in
            Row(scale: scales[k], cells: measured.indices.filter { cells[$0].0 == k }.map { measured[$0] })
        }
    }

    /// One run: the task of `seed`, init of `seed` at scale s, stopped at eps (or run to the end
    /// time without `stops`; the kernel predictor always stops at eps). A run the solver gives up
    /// on (`SolverError`, e.g. more than `maxSteps` steps) is returned as failed, not thrown.
    public func cell(scale: Double, seed: UInt64) throws -> FLSCellMeasures {
        let start = Date()
        let task = try self.task(seed: seed)
        let net = try Initialization(logScale: log(scale), seed: seed).network(width: m, dimension: d)
        let problem = try FlowProblem(data: task.train, initial: net, loss: .logistic)
        var options = try SolverOptions(endTime: endTime, relativeTolerance: relativeTolerance, logSpacedSamples: 0)
        options.maxSteps = maxSteps
        if stops { options.stoppingRule = .risk(eps) }
        let solution: Solution
        do {
            solution = try solve(problem, options: options)
        } catch let failure as SolverError {
            return FLSCellMeasures(failure: failure, wallSeconds: Date().timeIntervalSince(start), onMixture: mixture != nil)
        }
        let kernel = try KernelPredictor(problem: problem, risk: eps)
        let comparison = KernelComparison(network: solution.final.outputs(on: task.test), kernel: kernel, test: task.test)
        return FLSCellMeasures(network: StopMeasures(solution: solution, train: task.train, test: task.test, outputScale: 1),
                               stopTime: solution.endTime, stopped: solution.stop != nil, kernel: comparison,
                               steps: solution.statistics.steps, wallSeconds: Date().timeIntervalSince(start),
                               mixture: mixture.map { MixtureAlignment(sample: solution.samples.last!, train: task.train, mixture: $0) })
    }

    /// The training and test sets of `seed`: the relu-teacher task, or the first n and the next
    /// nTest samples of one draw of the mixture.
    public func task(seed: UInt64) throws -> (train: Dataset, test: Dataset) {
        guard let mixture else {
            let task = try ClassificationTask(n: n, nTest: nTest, d: d, teacherNeurons: teacherNeurons, flip: flip, seed: seed)
            return (task.train, task.test)
        }
        let draw = try Teacher.mixture(mixture).sample(n: n + nTest, d: d, noise: 0, seed: seed)
        return (try draw.samples(0..<n), try draw.samples(n..<(n + nTest)))
    }

    /// Checks every setting before anything runs.
    /// - Throws: `InputError` naming the parameter of the first bad value.
    public func validate() throws {
        for (value, parameter) in [(n, "n"), (nTest, "nTest"), (d, "d"), (m, "m"), (teacherNeurons, "teacherNeurons"),
                                   (seeds, "seeds"), (workers, "workers"), (maxSteps, "maxSteps")] {
            try InputError.requirePositive(value, parameter)
        }
        for (value, parameter) in [(eps, "eps"), (relativeTolerance, "relativeTolerance"), (endTime, "endTime")] {
            try InputError.requirePositive(value, parameter)
        }
        guard flip.isFinite, flip >= 0, flip < 0.5 else {
            throw InputError(field: "flip", value: "\(flip)", reason: "must be a probability in [0, 0.5)")
        }
        if let bad = scales.first(where: { !($0.isFinite && $0 > 0) }) {
            throw InputError(field: "scales", value: "\(bad)", reason: "each scale must be a number > 0")
        }
    }

    /// Sets the experiment parameter `name` (n, n-test, d, m, teacher-neurons, flip, eps; kappa and
    /// sigma on a mixture) from text.
    /// - Throws: `InputError` naming the parameter for an unknown name or a bad value.
    public mutating func set(_ name: String, to text: String) throws {
        func integer() throws -> Int {
            guard let k = Int(text), k > 0 else { throw InputError(field: "axis \(name)", value: text, reason: "must be an integer > 0") }
            return k
        }
        func real() throws -> Double {
            guard let x = Double(text), x.isFinite else { throw InputError(field: "axis \(name)", value: text, reason: "must be a number") }
            return x
        }
        switch name {
        case "n": n = try integer()
        case "n-test": nTest = try integer()
        case "d": d = try integer()
        case "m": m = try integer()
        case "teacher-neurons": teacherNeurons = try integer()
        case "flip": flip = try real()
        case "eps": eps = try real()
        case "kappa", "sigma":
            guard let old = mixture else {
                throw InputError(field: "axis", value: name, reason: "kappa and sigma are parameters of the mixture task only")
            }
            let value = try real()
            do {
                mixture = try GaussianMixture(kappa: name == "kappa" ? value : old.kappa, sigma: name == "sigma" ? value : old.sigma)
            } catch let error as InputError {
                throw InputError(field: "axis \(name)", value: text, reason: error.reason)
            }
        default:
            throw InputError(field: "axis", value: name,
                             reason: "not an experiment parameter; use n, n-test, d, m, teacher-neurons, flip, eps, kappa or sigma")
        }
    }

    /// The best scale on the grid and the minimum of the parabola through it and its neighbours
    /// in (log s, mean test error), with how far the best beats each end in standard errors
    /// (sqrt(se_best^2 + se_end^2), the seeds taken as independent), and the same margins paired
    /// by seed (mean of the per-seed differences over its standard error: the data and the init
    /// directions of a seed are shared by every scale, so their spread cancels).
    public struct Optimum: Sendable {
        public let index: Int
        public let scale: Double
        public var fls: Double { 1 / (scale * scale) }
        public let marginToSmallest: Double
        public let marginToLargest: Double
        public let pairedMarginToSmallest: Double
        public let pairedMarginToLargest: Double
        public var isInterior: Bool { index > 0 && index < count - 1 }
        let count: Int
    }

    public static func optimum(_ rows: [Row]) -> Optimum {
        let means = rows.map(\.testError.mean)
        let best = means.indices.min { means[$0] < means[$1] }!
        var logScale = log(rows[best].scale)
        if best > 0, best < rows.count - 1 {
            let (x0, x1, x2) = (log(rows[best - 1].scale), log(rows[best].scale), log(rows[best + 1].scale))
            let (y0, y1, y2) = (means[best - 1], means[best], means[best + 1])
            let denominator = (x0 - x1) * (x0 - x2) * (x1 - x2)
            let a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / denominator
            let b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / denominator
            if a > 0 { logScale = min(max(-b / (2 * a), x0), x2) }
        }
        func margin(_ end: Int) -> Double {
            let se = (pow(rows[best].testError.standardError, 2) + pow(rows[end].testError.standardError, 2)).squareRoot()
            let difference = means[end] - means[best]
            return se > 0 ? difference / se : (difference > 0 ? .infinity : 0)
        }
        func pairedMargin(_ end: Int) -> Double {
            let differences = rows[end].testErrorBySeed.compactMap { seed, e in
                rows[best].testErrorBySeed[seed].map { e - $0 }
            }
            let d = Estimate(differences)
            return d.standardError > 0 ? d.mean / d.standardError : (d.mean > 0 ? .infinity : 0)
        }
        return Optimum(index: best, scale: exp(logScale), marginToSmallest: margin(0),
                       marginToLargest: margin(rows.count - 1), pairedMarginToSmallest: pairedMargin(0),
                       pairedMarginToLargest: pairedMargin(rows.count - 1), count: rows.count)
    }
}

/// Results of concurrently run cells, by index.
private final class CellResults: @unchecked Sendable {
    private var results: [Result<FLSCellMeasures, any Error>?]
    private let lock = NSLock()

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ result: Result<FLSCellMeasures, any Error>) {
        lock.withLock { results[index] = result }
    }

    /// All results in index order; the first failure is rethrown.
    func values() throws -> [FLSCellMeasures] { try results.map { try $0!.get() } }
}

/// Hands out cell indices 0, 1, 2, ... to workers.
private final class CellCounter: @unchecked Sendable {
    private var next = 0
    private let lock = NSLock()

    func take(below count: Int) -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }
}
