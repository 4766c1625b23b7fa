/// One run of a work-precision comparison: who solved, how, what it cost and how far its end
/// state is from the reference.
public struct WorkPrecisionRow: Sendable, Equatable {
    /// How a run ended.
    public enum Outcome: Sendable, Equatable {
        /// Reached the end time.
        case finished
        /// Killed after the given wall seconds without reaching the end time.
        case capped(seconds: Double)
        /// Stopped with an error (the reason as reported).
        case failed(String)
    }

    public var solver: String
    public var method: String
    /// The tolerance of an adaptive run (nil for a fixed-step one).
    public var relativeTolerance: Double?
    /// The step of a fixed-step run (gradient descent; nil for an adaptive one).
    public var step: Double?
    public var outcome: Outcome
    public var wallSeconds: Double
    public var fieldEvaluations: Int?
    /// Switches, sliding entries and exits (nil for a solver without event handling).
    public var events: PatternChanges?
    /// |L(T) - L_ref(T)| / |L_ref(T)|.
    public var lossError: Double?
    /// max_c |theta_c - theta_ref_c| / max_c |theta_ref_c| over all parameters a_j, w_j.
    public var parameterError: Double?

    public init(solver: String, method: String, relativeTolerance: Double? = nil, step: Double? = nil,
                outcome: Outcome, wallSeconds: Double,
                fieldEvaluations: Int? = nil, events: PatternChanges? = nil, lossError: Double? = nil,
                parameterError: Double? = nil) {
        self.solver = solver
        self.method = method
        self.relativeTolerance = relativeTolerance
        self.step = step
        self.outcome = outcome
        self.wallSeconds = wallSeconds
        self.fieldEvaluations = fieldEvaluations
        self.events = events
        self.lossError = lossError
        self.parameterError = parameterError
    }

    /// The larger of the two errors, raised to `floor` (differences below the reference's own
    /// accuracy are not resolved): nil unless the run finished with both errors measured.
    public func accuracy(floor: Double) -> Double? {
        guard outcome == .finished, let lossError, let parameterError, lossError.isFinite, parameterError.isFinite
        else { return nil }
        return max(lossError, parameterError, floor)
    }
}

/// A speed ratio of a peer run against the fastest candidate run that is at least as accurate.
public struct SpeedRatio: Sendable, Equatable {
    /// peer wall time / candidate wall time.
    public var ratio: Double
    /// True when the peer was capped: its time is a lower bound, so is the ratio.
    public var isLowerBound: Bool
    /// The candidate row the peer was compared with.
    public var candidate: WorkPrecisionRow
}

public enum WorkPrecision {
    /// Relative errors of a final state against a reference: (loss, parameters) as defined on
    /// `WorkPrecisionRow`. Parameter vectors of different lengths give infinite error.
    public static func errors(loss: Double, parameters: [Double], referenceLoss: Double, referenceParameters: [Double])
        -> (loss: Double, parameters: Double) {
        let lossError = abs(loss - referenceLoss) / max(abs(referenceLoss), .leastNormalMagnitude)
        guard parameters.count == referenceParameters.count else { return (lossError, .infinity) }
        let scale = referenceParameters.reduce(0) { max($0, abs($1)) }
        let difference = zip(parameters, referenceParameters).reduce(0) { max($0, abs($1.0 - $1.1)) }
        return (lossError, difference / max(scale, .leastNormalMagnitude))
    }

    /// The ratio peer time / time of the fastest finished candidate whose accuracy is equal or
    /// better (both errors, each floored at `floor`). A capped peer is compared with the fastest
    /// finished candidate (any finished run beats one that did not reach the end), as a lower
    /// bound. nil when the peer failed, or no candidate is as accurate.
    public static func speedRatio(peer: WorkPrecisionRow, candidates: [WorkPrecisionRow], floor: Double) -> SpeedRatio? {
        let finished = candidates.filter { $0.accuracy(floor: floor) != nil && $0.wallSeconds > 0 }
        let eligible: [WorkPrecisionRow]
        switch peer.outcome {
        case .failed:
            return nil
        case .capped:
            eligible = finished
        case .finished:
            guard let target = peer.accuracy(floor: floor) else { return nil }
            eligible = finished.filter { $0.accuracy(floor: floor)! <= target }
        }
        guard let best = eligible.min(by: { $0.wallSeconds < $1.wallSeconds }) else { return nil }
        if case .capped = peer.outcome {
            return SpeedRatio(ratio: peer.wallSeconds / best.wallSeconds, isLowerBound: true, candidate: best)
        }
        return SpeedRatio(ratio: peer.wallSeconds / best.wallSeconds, isLowerBound: false, candidate: best)
    }
}
