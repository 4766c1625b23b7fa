import Foundation

/// Three pictures of a trajectory, as gnuplot data and scripts: the loss against t, the log-norms
/// of the neurons against t, and their directions against t with the extremal directions of G
/// marked. In the plane (d = 2, e.g. d = 1 with a bias) a direction is drawn as its angle
/// atan2(u_2, u_1) in (-pi, pi], with the arcs where no input is active shaded; otherwise as its
/// cosine to the nearest extremal direction of the neuron's sign. Time axes are logarithmic, so
/// only samples with t > 0 are drawn. Neurons are coloured by the sign of a_j.
public struct TrajectoryPlot: Sendable {
    /// The pictures, named by the suffix of their files.
    public enum Picture: String, CaseIterable, Sendable {
        case loss, norms, directions
    }

    /// How the directions picture draws a direction.
    public enum DirectionMeasure: Sendable {
        /// The angle atan2(u_2, u_1) in the plane (d = 2).
        case planeAngle
        /// The cosine to the nearest extremal direction of the neuron's sign (d != 2).
        case cosineToExtremal
    }

    public let trace: TrajectoryTrace
    /// The extremal directions of G marked (the inactive region left out: it is shaded instead).
    public let extremal: [ExtremalDirection]
    /// In the plane, the arcs [from, to] of angles where no input is active.
    public let inactiveArcs: [ClosedRange<Double>]
    /// The neurons drawn: all of them, or `neuronLimit` evenly spaced indices.
    public let neurons: [Int]

    /// `objective` (the data's G) gives the shaded inactive arcs in the plane; `extremal` are its
    /// extremal directions (`EarlyPhaseObjective.extremalDirections`), empty when the data are
    /// not known.
    public init(trace: TrajectoryTrace, objective: EarlyPhaseObjective? = nil, extremal: [ExtremalDirection] = [],
                neuronLimit: Int = 100) throws {
        guard neuronLimit > 0 else {
            throw InputError(field: "neuronLimit", value: "\(neuronLimit)", reason: "must be > 0")
        }
        if let objective, let d = trace.dimension, objective.data.dimension != d {
            throw InputError(field: "data dimension", value: "\(objective.data.dimension)",
                             reason: "the trace's directions have d = \(d) (with a bias, the data need it too)")
        }
        self.trace = trace
        self.extremal = extremal.filter { !$0.isInactive }
        inactiveArcs = trace.dimension == 2 ? objective.map(Self.inactiveArcs) ?? [] : []
        let m = trace.width
        neurons = m <= neuronLimit ? Array(0..<m) : (0..<neuronLimit).map { $0 * m / neuronLimit }
    }

    /// The measure of the directions picture; nil when the trace has no directions, or when
    /// d != 2 and no extremal direction is known to measure against.
    public var directionMeasure: DirectionMeasure? {
        guard let d = trace.dimension else { return nil }
        if d == 2 { return .planeAngle }
        return extremal.isEmpty ? nil : .cosineToExtremal
    }

    /// The pictures this trace can give.
    public var pictures: [Picture] { directionMeasure == nil ? [.loss, .norms] : Picture.allCases }

    /// Sample indices on the time axis (t > 0).
    var drawnSamples: [Int] { trace.times.indices.filter { trace.times[$0] > 0 } }

    /// RGB colour of a neuron of sign s (gnuplot's `lc rgb variable` reads it as an integer).
    static func colour(sign s: Double) -> Int { s > 0 ? 0x0072B2 : 0xD55E00 }

    static func number(_ x: Double) -> String { String(format: "%.10g", x) }
}
