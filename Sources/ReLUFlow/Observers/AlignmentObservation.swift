import Foundation

/// The early-alignment phase read off a solution: each neuron's angle to the nearest extremal
/// direction of its sign over time, its alignment time, the escape time, and the direction
/// clusters at the end of the phase and at the end of the run.
public struct AlignmentObservation: Sendable {
    /// Extremal directions of G for the data (ascent and descent).
    public let extremal: [ExtremalDirection]
    /// Angle within which a neuron counts as aligned, radians.
    public let threshold: Double
    /// Per sample, per neuron: the angle to the nearest extremal point of the neuron's sign (nil
    /// for a neuron with no active input, which has stopped, and when G has no stationary point
    /// of that sign outside the inactive region, so that such neurons can only stop).
    public let angles: [[Double?]]
    /// Per neuron: the first sample time from which it stays within `threshold` of an extremal
    /// point until the escape (or the end), nil if it never does.
    public let alignmentTimes: [Double?]
    /// First time the loss has fallen by 1% of L(0).
    public let escapeTime: Double?
    /// Clusters at the last sample before the escape (the end of the early phase) and at the end.
    public let phaseEndClusters: DirectionClusters
    public let finalClusters: DirectionClusters
    /// Time of the sample the phase-end clusters are read at.
    public let phaseEndTime: Double

    public init(data: Dataset, solution: Solution, threshold: Double = 0.05, starts: Int = 200, seed: UInt64 = 1) {
        let objective = EarlyPhaseObjective(data: data)
        extremal = objective.extremalDirections(starts: starts, seed: seed)
        self.threshold = threshold
        let samples = solution.samples
        let signs = samples[0].outputWeights.map { $0.sign == .minus ? -1.0 : 1.0 }
        let points = extremal.filter { !$0.isInactive }
        let angles = samples.map { sample in
            signs.indices.map { j -> Double? in
                let u = sample.directions.row(j)
                guard !objective.isInactive(u) else { return nil }
                return points.filter { $0.sign == signs[j] }.map { angle(between: $0.direction, u) }.min()
            }
        }
        self.angles = angles
        let escape = ReLUFlow.escapeTime(samples)
        escapeTime = escape
        let phase = samples.lastIndex { $0.time <= (escape ?? .infinity) } ?? samples.count - 1
        alignmentTimes = signs.indices.map { j in
            var start: Int?
            for k in 0...phase {
                if let a = angles[k][j], a <= threshold { start = start ?? k } else { start = nil }
            }
            return start.map { samples[$0].time }
        }
        phaseEndTime = samples[phase].time
        phaseEndClusters = DirectionClusters(sample: samples[phase], signs: signs)
        finalClusters = DirectionClusters(sample: samples[samples.count - 1], signs: signs)
    }
}
