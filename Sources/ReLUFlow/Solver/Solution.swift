/// Work done by a solve.
public struct SolverStatistics: Sendable, Equatable {
    /// Vector-field evaluations (all: steps, event location, Jacobians).
    public var fieldEvaluations = 0
    /// Accepted steps.
    public var steps = 0
    /// Events handled (a located crossing or sliding exit).
    public var events = 0
    /// Events handled neuron by neuron in the decoupled start (included in `events`), and the
    /// time at which the coupled integration took over (0 when it ran from the start).
    public var decoupledEvents = 0
    public var decoupledUntil = 0.0
    /// Switches, sliding entries and exits of (sample, neuron) pairs.
    public var changes = PatternChanges()
    /// Crossings taken at a step's end by a first-order Taylor step (included in `events`; see
    /// `StepEndCrossing`), not located by re-steps.
    public var stepEndCrossings = 0
    /// Aimed Heun steps taken (see `AimedStep`), and those tried and rejected by their error check.
    public var aimedSteps = 0
    public var aimedStepsRejected = 0
    /// Burst steps taken (`CrossingBurst`), the crossings they took (included in `events`), and
    /// those tried and sent back to the other paths by their checks.
    public var burstSteps = 0
    public var burstCrossings = 0
    public var burstsRejected = 0
    /// Crossings found inside a step whose ends were both on the same side (a dip and back).
    public var excursions = 0
    /// Largest | ||u_j|| - 1 | of the directions at the sample times (log-norm only).
    public var sphereDrift = 0.0
    /// Largest | ||u_j|| - 1 | removed by the projection after a step (log-norm only): the
    /// radial part of the step's error, which the scale-invariant field keeps out of the directions.
    public var radialCorrection = 0.0
    /// Trial steps retried with a shorter step because a stage left the finite doubles.
    public var nonFiniteRetries = 0
    /// Event locations that hit `SolverLimits.locatorIterations` before the bracket closed
    /// (the event is then taken at the bracket's end past the root).
    public var unconvergedLocations = 0
    /// Box least-squares solves that hit `SolverLimits.boxSweeps` (see `minimiseOnUnitBox`).
    public var unconvergedBoxSolves = 0

    public init() {}
}

/// The result of a solve: samples at the requested times, the final network and the statistics.
public struct Solution: Sendable {
    public let parametrisation: Parametrisation
    public let samples: [Sample]
    public let final: Network
    public let statistics: SolverStatistics
    /// The first `SolverOptions.eventLogLimit` events, in time order.
    public let events: [EventRecord]
    /// The stopping rule's located event, when it ended the run before the end time.
    public var stop: StopRecord? = nil

    /// The time the run ended: the stop if there was one, else the end time.
    public var endTime: Double { stop?.time ?? samples.last?.time ?? 0 }
}

/// One located event: when, which (sample, neuron) pair, and what it changed.
public struct EventRecord: Sendable {
    public let time: Double
    public let sample: Int
    public let neuron: Int
    /// A crossing of the surface (as opposed to theta leaving [0, 1] on it).
    public let isCrossing: Bool
    public let changes: PatternChanges

    init(time: Double, event: FlowEvent, changes: PatternChanges) {
        self.time = time
        self.changes = changes
        switch event {
        case .crossing(let i, let j):
            (sample, neuron, isCrossing) = (i, j, true)
        case .slidingExit(let i, let j, _):
            (sample, neuron, isCrossing) = (i, j, false)
        case .stop:
            preconditionFailure("the stop is recorded in Solution.stop")
        }
    }
}
