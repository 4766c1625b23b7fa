/// The mode of every (sample i, neuron j) pair on a stretch of the flow between two events:
/// active (<w_j, x_i> > 0 side), inactive, or sliding (held on the surface <w_j, x_i> = 0 by a
/// Filippov convex combination). Between events the vector field is smooth.
struct ActivationPattern {
    let samples: Int
    let neurons: Int
    /// 1 for an active pair, 0 otherwise; index i * neurons + j.
    var active: [Double]
    /// For each neuron, the samples whose surfaces it slides on, in increasing order.
    var sliding: [[Int]]

    init(samples: Int, neurons: Int) {
        self.samples = samples
        self.neurons = neurons
        active = Array(repeating: 0, count: samples * neurons)
        sliding = Array(repeating: [], count: neurons)
    }

    func isActive(_ i: Int, _ j: Int) -> Bool { active[i * neurons + j] != 0 }
    func isSliding(_ i: Int, _ j: Int) -> Bool { sliding[j].contains(i) }

    /// Number of active pairs (sliding pairs are not counted).
    var activeCount: Int { active.reduce(0) { $0 + Int($1) } }
    /// Number of sliding pairs.
    var slidingCount: Int { sliding.reduce(0) { $0 + $1.count } }
}

/// What changed at an event, for the run's counters.
public struct PatternChanges: Sendable, Equatable {
    /// Pairs that crossed between active and inactive.
    public var switches = 0
    /// Pairs that started sliding.
    public var slidingEntries = 0
    /// Pairs that stopped sliding.
    public var slidingExits = 0

    public init() {}

    static func += (lhs: inout PatternChanges, rhs: PatternChanges) {
        lhs.switches += rhs.switches
        lhs.slidingEntries += rhs.slidingEntries
        lhs.slidingExits += rhs.slidingExits
    }
}
