import Foundation

/// One run of the FLS experiment, measured at its stop: the network's `StopMeasures`, and the
/// kernel predictor from the same init stopped by the same rule (`KernelPredictor`).
///
/// The distance to the kernel predictor is sqrt(E (f - f_K)^2 / E f_K^2) over the test inputs,
/// and the disagreement the share of test inputs where sign f != sign f_K: both 0 in the lazy
/// limit (FLS -> 0), where the network follows its linearisation.
public struct FLSCellMeasures: SweepRecord, Equatable {
    public var testError: Double
    public var trainError: Double
    public var gap: Double { testError - trainError }
    public var effectiveRank: Double
    public var clusters: Int
    public var alignedShare: Double
    /// The network's stopping time (the end time when it did not stop).
    public var stopTime: Double
    public var stopped: Bool
    public var kernelTestError: Double
    public var kernelDistance: Double
    public var kernelDisagreement: Double
    /// The kernel predictor's stopping time (nan when it did not reach eps).
    public var kernelStopTime: Double
    public var steps: Int
    public var wallSeconds: Double
    /// On a Gaussian-mixture task: the neurons' angles to the class-mean and signal directions and
    /// the reference errors (nil on other tasks).
    public var mixture: MixtureAlignment?

    /// Column names, in the order of `fields`, without the mixture's.
    public static let columns = ["test_error", "train_error", "gap", "effective_rank", "clusters", "aligned_share",
                                 "stop_time", "stopped", "kernel_test_error", "kernel_distance",
                                 "kernel_disagreement", "kernel_stop_time", "steps", "wall_seconds"]
    /// Column names on a Gaussian-mixture task, in the order of `fields`.
    public static let mixtureColumns = columns + ["angle_class_mean", "angle_signal", "class_mean_error", "bayes_error"]

    /// The values as text (17 significant digits: they read back exactly).
    public var fields: [String] {
        func g(_ x: Double) -> String { x.isFinite ? String(format: "%.17g", x) : "nan" }
        let common = [g(testError), g(trainError), g(gap), g(effectiveRank), "\(clusters)", g(alignedShare), g(stopTime),
                      stopped ? "1" : "0", g(kernelTestError), g(kernelDistance), g(kernelDisagreement), g(kernelStopTime),
                      "\(steps)", String(format: "%.4f", wallSeconds)]
        guard let mixture else { return common }
        return common + [g(mixture.angleToClassMean), g(mixture.angleToSignal), g(mixture.classMeanError),
                         g(mixture.bayesError)]
    }

    /// Why the solver gave up on this run (not written to results files).
    public var failureReason: String?
    /// The solver gave up on this run: every measure is nan and `stopTime` is where it stopped.
    /// Such runs are left out of the averages and counted apart.
    public var failed: Bool { testError.isNaN }

    /// A run the solver gave up on (`SolverError`).
    public init(failure: SolverError, wallSeconds: Double, onMixture: Bool = false) {
        (testError, trainError, effectiveRank, clusters, alignedShare) = (.nan, .nan, .nan, 0, .nan)
        (stopTime, stopped, steps, self.wallSeconds) = (failure.time, false, 0, wallSeconds)
        (kernelTestError, kernelDistance, kernelDisagreement, kernelStopTime) = (.nan, .nan, .nan, .nan)
        failureReason = failure.description
        if onMixture { mixture = MixtureAlignment(angleToClassMean: .nan, angleToSignal: .nan, classMeanError: .nan, bayesError: .nan) }
    }

    public init(network: StopMeasures, stopTime: Double, stopped: Bool, kernel: KernelComparison, steps: Int,
                wallSeconds: Double, mixture: MixtureAlignment? = nil) {
        self.mixture = mixture
        (testError, trainError) = (network.testError, network.trainError)
        (effectiveRank, clusters, alignedShare) = (network.effectiveRank, network.clusters, network.alignedShare)
        (self.stopTime, self.stopped, self.steps, self.wallSeconds) = (stopTime, stopped, steps, wallSeconds)
        (kernelTestError, kernelDistance) = (kernel.testError, kernel.distance)
        (kernelDisagreement, kernelStopTime) = (kernel.disagreement, kernel.stopTime ?? .nan)
    }

    /// Reads a results row's record fields (`columns` or `mixtureColumns`, in order).
    /// - Throws: `InputError` naming the column whose text is not a value.
    public init(fields: [String]) throws {
        guard fields.count == Self.columns.count || fields.count == Self.mixtureColumns.count else {
            throw InputError(field: "fls results row", value: fields.joined(separator: ","),
                             reason: "expected \(Self.columns.count) or \(Self.mixtureColumns.count) fields")
        }
        func real(_ k: Int) throws -> Double {
            if fields[k] == "nan" { return .nan }
            guard let x = Double(fields[k]) else {
                throw InputError(field: Self.mixtureColumns[k], value: fields[k], reason: "not a number")
            }
            return x
        }
        func integer(_ k: Int) throws -> Int {
            guard let x = Int(fields[k]) else { throw InputError(field: Self.columns[k], value: fields[k], reason: "not an integer") }
            return x
        }
        (testError, trainError, effectiveRank) = (try real(0), try real(1), try real(3))
        (clusters, alignedShare, stopTime, stopped) = (try integer(4), try real(5), try real(6), try integer(7) != 0)
        (kernelTestError, kernelDistance, kernelDisagreement) = (try real(8), try real(9), try real(10))
        (kernelStopTime, steps, wallSeconds) = (try real(11), try integer(12), try real(13))
        if fields.count == Self.mixtureColumns.count {
            mixture = MixtureAlignment(angleToClassMean: try real(14), angleToSignal: try real(15),
                                       classMeanError: try real(16), bayesError: try real(17))
        }
    }
}

/// The trained network set against the kernel predictor on the test inputs.
public struct KernelComparison: Sendable {
    public let testError: Double
    /// sqrt(E (f - f_K)^2 / E f_K^2) over the test inputs.
    public let distance: Double
    /// Share of test inputs where the two classify differently (f > 0 and f_K <= 0, or the reverse).
    public let disagreement: Double
    public let stopTime: Double?

    /// - Parameters:
    ///   - network: f on the test inputs; kernel: the predictor; test: inputs and labels.
    public init(network f: [Double], kernel: KernelPredictor, test: Dataset) {
        let fK = kernel.outputs(on: test)
        let count = Double(test.sampleCount)
        testError = Double(zip(fK, test.labels).filter { $0 * $1 <= 0 }.count) / count
        let squared = zip(f, fK).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let norm = fK.reduce(0.0) { $0 + $1 * $1 }
        distance = (squared / norm).squareRoot()
        disagreement = Double(zip(f, fK).filter { ($0 > 0) != ($1 > 0) }.count) / count
        stopTime = kernel.stopTime
    }
}
