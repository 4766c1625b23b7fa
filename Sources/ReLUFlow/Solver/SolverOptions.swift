/// How to integrate a `FlowProblem`.
public struct SolverOptions: Sendable {
    /// End time T (> 0).
    public var endTime: Double
    public var method: StepType = .rk8pd
    /// Relative tolerance of each step (> 0).
    public var relativeTolerance: Double = 1e-8
    /// Absolute tolerance; nil means relativeTolerance times the largest initial hidden-weight
    /// entry (for log-norm, times 1), so that small initializations need no tuning.
    public var absoluteTolerance: Double?
    /// nil chooses log-norm for balanced networks, weights otherwise.
    public var parametrisation: Parametrisation?
    /// Times at which to record samples, besides 0 and T.
    public var sampleTimes: [Double] = []
    /// Number of log-spaced sample times in [T / 10^4, T].
    public var logSpacedSamples: Int = 25
    /// Locate events inside the step (the default). Off, a switch is applied at the end of the
    /// step that crossed it: only for negative controls, which show what location buys.
    public var locatesEvents = true
    /// How switches are handled: `neuronwise` (the default) integrates the small-output start
    /// neuron by neuron and then takes crossings at step ends where it can (`StepEndCrossing`);
    /// `full` locates every event by re-steps and restarts the whole system there.
    public var eventHandling: EventHandling = .neuronwise
    /// The step type used right after events, while steps are cut short by them (nil, or
    /// `method` itself: `method` throughout). Only with one-step methods. There a step is as short
    /// as the gap to the next event, and the (2, 3) pair rk2 takes it with 3 evaluations instead of
    /// rk8pd's 13, at the same accuracy (README, "What an event costs").
    public var eventDenseMethod: StepType? = defaultEventDenseMethod
    /// Whether steps cut short by events may be aimed Heun steps of two evaluations that end on
    /// the forecast crossing (`AimedStep`), with neuronwise handling and an `eventDenseMethod`.
    /// Off, those steps are the event method's, each crossing restarted by a full evaluation.
    public var aimsSteps = true
    /// Whether an aimed step may run past the crossings it meets (`CrossingBurst`): each moves
    /// its own neuron by its jump, with one evaluation of the whole field at the step's end
    /// instead of one step per crossing. Off, every aimed step ends on its first crossing.
    public var takesCrossingBursts = true
    /// Threads for the passes over the n x m (sample, neuron) pairs, from n m = 16,384 on
    /// (`PairPartition`); the numbers are the same to the bit whatever the count. 1 where runs
    /// already share the cores (a sweep's workers).
    public var threads = 1
    /// Fewest pairs for which the passes are shared (`PairPartition.parallelPairs`). Only a test
    /// changes it, to share the passes of small instances.
    var sharedPassPairs = PairPartition.parallelPairs
    /// rk2: see `eventDenseMethod`.
    public static let defaultEventDenseMethod: StepType? = .rk2
    /// The decoupled start's perturbation budget in units of its share of the relative tolerance
    /// (1: the estimated accumulated perturbation stays within
    /// `SolverLimits.decoupledBudgetFraction` rtol). Only a negative control changes it.
    var decoupledBudgetScale = 1.0
    /// The crossings per round below which short rounds of the decoupled start stop paying for
    /// themselves (`SolverLimits.decoupledCrossingsPerRound`; 0: they always pay). Only a negative
    /// control changes it, to isolate the budget.
    var decoupledCrossingsPerRound = SolverLimits.decoupledCrossingsPerRound
    /// The Taylor remainder allowed to a crossing taken at a step's end, in units of
    /// `SolverLimits.stepEndCrossingBudget`. Only a negative control changes it.
    var stepEndBudgetScale = 1.0
    /// The error ratio an aimed step may have (`AimedStep.errorRatio`, 1: the step's tolerance), and
    /// its length in units of the step the event method's error control proposes. Only a negative
    /// control changes it.
    var aimedStepBudgetScale = 1.0
    /// The factor on the moves that a burst step gives its crossed neurons (`CrossingBurst`; 1:
    /// their jumps' integrals). Only a negative control changes it.
    var burstJumpScale = 1.0
    /// How many events the solution keeps a record of.
    public var eventLogLimit: Int = 100_000
    /// Ends the run at the first time the rule's quantity reaches its target (nil: run to T).
    public var stoppingRule: StoppingRule?
    /// Give up after this many accepted steps.
    public var maxSteps: Int = 50_000_000
    /// Called after every accepted step; an error it throws ends the run (a time budget).
    public var progress: (@Sendable (SolverProgress) throws -> Void)?

    /// The range of relative tolerances accepted: tighter than 1e-14 is below rounding, looser
    /// than 1e-2 accepts steps whose error is of the size of the solution.
    public static let relativeToleranceRange = 1e-14...1e-2
    /// The range of absolute tolerances accepted (per coordinate of the state).
    public static let absoluteToleranceRange = 0.0...1.0

    /// - Throws: on T, tolerances or sample counts out of range, naming the parameter.
    public init(endTime: Double, method: StepType = .rk8pd, relativeTolerance: Double = 1e-8,
                absoluteTolerance: Double? = nil, parametrisation: Parametrisation? = nil,
                sampleTimes: [Double] = [], logSpacedSamples: Int = 25) throws {
        try InputError.requirePositive(endTime, "endTime")
        guard Self.relativeToleranceRange.contains(relativeTolerance) else {
            throw InputError(field: "relativeTolerance", value: "\(relativeTolerance)", reason: "must be in [1e-14, 1e-2]")
        }
        if let absoluteTolerance, !Self.absoluteToleranceRange.contains(absoluteTolerance) {
            throw InputError(field: "absoluteTolerance", value: "\(absoluteTolerance)", reason: "must be in [0, 1]")
        }
        guard logSpacedSamples >= 0 else {
            throw InputError(field: "logSpacedSamples", value: "\(logSpacedSamples)", reason: "must be >= 0")
        }
        for t in sampleTimes where !(t.isFinite && t >= 0) {
            throw InputError(field: "sampleTimes", value: "\(t)", reason: "sample times must be finite and >= 0")
        }
        self.endTime = endTime
        self.method = method
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.parametrisation = parametrisation
        self.sampleTimes = sampleTimes
        self.logSpacedSamples = logSpacedSamples
    }

    /// 0, T, the user's times up to T and `logSpacedSamples` times log-spaced in [T / 10^4, T],
    /// sorted, without repeats.
    var allSampleTimes: [Double] {
        var times: Set<Double> = [0, endTime]
        let k = logSpacedSamples
        if k > 1 {
            for i in 0..<k { times.insert(endTime * pow10(-4 + 4 * Double(i) / Double(k - 1))) }
        }
        for t in sampleTimes where t <= endTime { times.insert(t) }
        return times.sorted()
    }
}

/// Where a run is, reported to `SolverOptions.progress` after each accepted step.
public struct SolverProgress: Sendable {
    public let time: Double
    public let steps: Int
    public let events: Int
}

private func pow10(_ x: Double) -> Double { exp(x * log(10)) }

import Foundation
