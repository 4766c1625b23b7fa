import Foundation

/// Groups of neuron directions, each neuron weighted by its size in f, |a_j| ||w_j||.
/// Greedy: neurons in order of decreasing weight join the first cluster whose centre (its
/// heaviest member's direction) is within `radius` radians, or found a new one.
public struct DirectionClusters: Sendable {
    public struct Cluster: Sendable {
        /// Direction of the heaviest member.
        public let centre: [Double]
        /// Sign of the members' output weights.
        public let sign: Double
        public let members: [Int]
        /// Share of the total weight, in [0, 1].
        public let share: Double
    }

    /// Clusters by decreasing share.
    public let clusters: [Cluster]

    /// - Parameters:
    ///   - directions: unit vectors u_j (rows).
    ///   - logWeights: log(|a_j| ||w_j||) (-infinity for a dead neuron).
    ///   - signs: sign of a_j; neurons of opposite signs never share a cluster.
    public init(directions: Matrix, logWeights: [Double], signs: [Double], radius: Double = 0.05) {
        let top = logWeights.max() ?? -.infinity
        let weights = logWeights.map { top.isFinite ? exp($0 - top) : 0 }
        let total = weights.reduce(0, +)
        var found: [(centre: [Double], sign: Double, members: [Int], weight: Double)] = []
        let order = weights.indices.sorted { weights[$0] > weights[$1] || (weights[$0] == weights[$1] && $0 < $1) }
        for j in order where weights[j] > 0 {
            let u = directions.row(j)
            if let k = found.firstIndex(where: { $0.sign == signs[j] && angle(between: $0.centre, u) <= radius }) {
                found[k].members.append(j)
                found[k].weight += weights[j]
            } else {
                found.append((u, signs[j], [j], weights[j]))
            }
        }
        clusters = found.map { Cluster(centre: $0.centre, sign: $0.sign, members: $0.members, share: $0.weight / total) }
            .sorted { $0.share > $1.share || ($0.share == $1.share && $0.members[0] < $1.members[0]) }
    }

    /// The clusters of a sample's neurons (output signs `signs`).
    public init(sample: Sample, signs: [Double], radius: Double = 0.05) {
        self.init(directions: sample.directions, logWeights: sample.logMagnitudes, signs: signs, radius: radius)
    }

    /// The neurons of a network: direction w_j/||w_j||, weight |a_j| ||w_j|| (in log space, so
    /// weights far below the smallest double still order and group correctly).
    public init(network: Network, radius: Double = 0.05) {
        var directions = Matrix(rows: network.width, columns: network.dimension)
        var logWeights: [Double] = [], signs: [Double] = []
        for j in 0..<network.width {
            let w = network.hiddenWeights.row(j)
            let r = euclideanNorm(w)
            for k in 0..<network.dimension { directions[j, k] = r > 0 ? w[k] / r : 0 }
            let a = network.outputWeights[j]
            logWeights.append(r > 0 && a != 0 ? log(abs(a)) + log(r) + 2 * network.logScale : -.infinity)
            signs.append(a.sign == .minus ? -1 : 1)
        }
        self.init(directions: directions, logWeights: logWeights, signs: signs, radius: radius)
    }

    /// The clusters holding at least `share` of the weight.
    public func significant(share: Double = 0.01) -> [Cluster] { clusters.filter { $0.share >= share } }
}
