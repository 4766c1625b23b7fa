import Foundation

/// What a sweep records for one cell: the end point of the flow set against the OLS predictor,
/// and the work done.
public struct CellObservables: Sendable, Equatable {
    /// Training loss at the end (the run's loss, 1/(2n) sum (f - y)^2 for the square loss).
    public var trainLoss: Double
    /// E (f(x) - f*(x))^2 over fresh inputs, f* the noise-free teacher (nan without a test set).
    public var testExcess: Double
    /// Training loss of the OLS predictor on the same data.
    public var olsTrainLoss: Double
    /// E (<beta_OLS, x> - f*(x))^2 over the same fresh inputs.
    public var olsTestExcess: Double
    /// sqrt(E (f - f_OLS)^2 / E f_OLS^2) over the fresh inputs (the training inputs without a test set).
    public var olsDistance: Double
    /// Training loss below the interpolation tolerance.
    public var interpolated: Bool
    /// Direction clusters of the end network holding >= 1% of sum_j |a_j| ||w_j||.
    public var clusters: Int
    public var switches: Int
    public var slidingEntries: Int
    public var slidingExits: Int
    public var steps: Int
    public var wallSeconds: Double
    /// The time the run ended: its end time, or the time a stopping rule stopped it.
    public var endTime: Double = .nan
    /// A stopping rule (--stop-at-risk, --stop-at-grad-norm) ended the run before its end time.
    public var stopped = false

    /// Column names, in the order of `fields`.
    public static let columns = columnsWithoutStops + ["end_time", "stopped"]

    /// The columns of format `reluflow-sweep-1`, before `end_time` and `stopped`.
    public static let columnsWithoutStops = [
        "train_loss", "test_excess", "ols_train_loss", "ols_test_excess", "test_excess_over_ols", "ols_distance",
        "interpolated", "clusters", "switches", "sliding_entries", "sliding_exits", "steps", "wall_seconds"]

    /// The values as text (17 significant digits: they read back exactly).
    public var fields: [String] {
        func g(_ x: Double) -> String { x.isFinite ? String(format: "%.17g", x) : "nan" }
        return [g(trainLoss), g(testExcess), g(olsTrainLoss), g(olsTestExcess), g(testExcess - olsTestExcess),
                g(olsDistance), interpolated ? "1" : "0", "\(clusters)", "\(switches)", "\(slidingEntries)",
                "\(slidingExits)", "\(steps)", String(format: "%.4f", wallSeconds), g(endTime), stopped ? "1" : "0"]
    }

    /// Columns that depend on the machine (left out when comparing results of two runs).
    public static let timingColumns: Set<String> = ["wall_seconds"]
}

/// How a cell's end point is judged.
public struct CellMeasurement: Sendable {
    /// Training loss at or below this counts as interpolation.
    public let interpolationTolerance: Double
    /// Angular radius (radians) of a direction cluster.
    public let clusterAngle: Double
    /// Share of sum_j |a_j| ||w_j|| a cluster must hold to count.
    public let clusterShare: Double

    /// - Throws: when the tolerance or the angle is not > 0, or the share is outside [0, 1).
    public init(interpolationTolerance: Double = 1e-6, clusterAngle: Double = 0.1, clusterShare: Double = 0.01) throws {
        try InputError.requirePositive(interpolationTolerance, "interpolationTolerance")
        try InputError.requirePositive(clusterAngle, "clusterAngle")
        guard clusterShare.isFinite, clusterShare >= 0, clusterShare < 1 else {
            throw InputError(field: "clusterShare", value: "\(clusterShare)", reason: "must be in [0, 1)")
        }
        self.interpolationTolerance = interpolationTolerance
        self.clusterAngle = clusterAngle
        self.clusterShare = clusterShare
    }

    /// Solves `problem` and measures its end point. `test` holds fresh inputs with noise-free
    /// labels f*(x) (same input distribution and bias convention as the training data).
    public func run(_ problem: FlowProblem, options: SolverOptions, test: Dataset?) throws -> CellObservables {
        let start = Date()
        let solution = try solve(problem, options: options)
        let wall = Date().timeIntervalSince(start)
        return measure(problem, solution: solution, test: test, wallSeconds: wall)
    }

    func measure(_ problem: FlowProblem, solution: Solution, test: Dataset?, wallSeconds: Double) -> CellObservables {
        let ols = LeastSquaresPredictor(data: problem.data)
        let olsTrain = zip(ols.outputs(on: problem.data), problem.data.labels)
            .reduce(0) { $0 + problem.loss.value(output: $1.0, label: $1.1) } / Double(problem.data.sampleCount)
        let reference = test ?? problem.data
        let f = solution.final.outputs(on: reference, outputScale: problem.outputScale)
        let fOLS = ols.outputs(on: reference)
        func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
        let distance = (mean(zip(f, fOLS).map { ($0 - $1) * ($0 - $1) }) / mean(fOLS.map { $0 * $0 })).squareRoot()
        var testExcess = Double.nan, olsExcess = Double.nan
        if let test {
            testExcess = mean(zip(f, test.labels).map { ($0 - $1) * ($0 - $1) })
            olsExcess = mean(zip(fOLS, test.labels).map { ($0 - $1) * ($0 - $1) })
        }
        let trainLoss = solution.samples.last!.loss
        let clusters = DirectionClusters(network: solution.final, radius: clusterAngle).significant(share: clusterShare)
        let changes = solution.statistics.changes
        return CellObservables(trainLoss: trainLoss, testExcess: testExcess, olsTrainLoss: olsTrain,
                               olsTestExcess: olsExcess, olsDistance: distance,
                               interpolated: trainLoss <= interpolationTolerance, clusters: clusters.count,
                               switches: changes.switches, slidingEntries: changes.slidingEntries,
                               slidingExits: changes.slidingExits, steps: solution.statistics.steps,
                               wallSeconds: wallSeconds, endTime: solution.endTime, stopped: solution.stop != nil)
    }
}
