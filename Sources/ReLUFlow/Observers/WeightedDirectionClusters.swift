import Foundation

/// Groups unit vectors into clusters by angle, weighting each by a mass (for neurons:
/// |a_j| ||w_j||, the size of its contribution to f).
///
/// Greedy and deterministic: vectors are taken by decreasing mass; each joins the first cluster
/// whose leading (heaviest) vector is within `angle` radians of it, or starts a new one. A
/// cluster counts when it holds at least `minimumShare` of the total mass, so neurons left near
/// the (tiny) initialization do not count.
public struct WeightedDirectionClusters: Sendable {
    public struct Cluster: Sendable {
        /// The heaviest vector of the cluster.
        public let leader: [Double]
        /// Share of the total mass, in (0, 1].
        public let share: Double
        public let members: [Int]
    }

    /// Clusters holding at least `minimumShare` of the mass, heaviest first.
    public let clusters: [Cluster]

    /// - Parameters:
    ///   - directions: unit vectors (one per item).
    ///   - logMasses: log of each item's mass (log space, so masses far below the smallest double
    ///     are ordered correctly; -infinity for a mass of 0).
    public init(directions: [[Double]], logMasses: [Double], angle: Double = 0.1, minimumShare: Double = 0.01) {
        precondition(directions.count == logMasses.count, "one mass per direction")
        let order = logMasses.indices.sorted { logMasses[$0] > logMasses[$1] || (logMasses[$0] == logMasses[$1] && $0 < $1) }
        guard let top = order.first, logMasses[top].isFinite else {
            clusters = []
            return
        }
        let masses = logMasses.map { exp($0 - logMasses[top]) }
        let total = masses.reduce(0, +)
        let cosine = cos(angle)
        var leaders: [Int] = [], members: [[Int]] = [], mass: [Double] = []
        for j in order {
            if let c = leaders.firstIndex(where: { dot(directions[$0], directions[j]) >= cosine }) {
                members[c].append(j)
                mass[c] += masses[j]
            } else {
                leaders.append(j)
                members.append([j])
                mass.append(masses[j])
            }
        }
        clusters = leaders.indices.filter { mass[$0] / total >= minimumShare }
            .sorted { mass[$0] > mass[$1] || (mass[$0] == mass[$1] && $0 < $1) }
            .map { Cluster(leader: directions[leaders[$0]], share: mass[$0] / total, members: members[$0]) }
    }

    /// The neurons of a network: direction w_j/||w_j||, mass |a_j| ||w_j||.
    public init(network: Network, angle: Double = 0.1, minimumShare: Double = 0.01) {
        var directions: [[Double]] = [], logMasses: [Double] = []
        for j in 0..<network.width {
            let w = network.hiddenWeights.row(j)
            let r = euclideanNorm(w)
            directions.append(r > 0 ? w.map { $0 / r } : w)
            let a = abs(network.outputWeights[j])
            logMasses.append(r > 0 && a > 0 ? log(a) + log(r) + 2 * network.logScale : -.infinity)
        }
        self.init(directions: directions, logMasses: logMasses, angle: angle, minimumShare: minimumShare)
    }
}
