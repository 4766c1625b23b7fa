import Foundation

/// Alignment and over-fitting measures of a trained network (at its stopping time).
///
/// - effective rank of the normalised first layer U (rows u_j = w_j / ||w_j||), as the
///   participation ratio (sum_k s_k^2)^2 / sum_k s_k^4 = m^2 / ||U^T U||_F^2 of its singular
///   values: 1 when every u_j is +-one direction, min(m, d) when U has orthogonal, equal rows;
/// - significant direction clusters (share of |a_j| ||w_j|| >= 1%, radius 0.1 rad, split by sign);
/// - the share of neurons (by count) within 0.1 rad of the heaviest cluster's centre;
/// - 0-1 errors sign(f(x)) != y on the training and test sets, and their gap.
public struct StopMeasures: Sendable {
    public let effectiveRank: Double
    public let clusters: Int
    public let alignedShare: Double
    public let trainError: Double
    public let testError: Double
    public var gap: Double { testError - trainError }

    /// Angle (radians) within which directions count as one.
    public static let radius = 0.1

    /// - Parameters:
    ///   - sample: the flow's sample at the stop (directions and sizes).
    ///   - signs: sign of each a_j.
    public init(network: Network, sample: Sample, signs: [Double], train: Dataset, test: Dataset,
                outputScale alpha: Double) {
        let u = sample.directions
        effectiveRank = Self.participationRatio(u)
        let found = DirectionClusters(sample: sample, signs: signs, radius: Self.radius)
        clusters = found.significant(share: 0.01).count
        if let top = found.clusters.first {
            let near = (0..<u.rows).filter { angle(between: u.row($0), top.centre) <= Self.radius }.count
            alignedShare = Double(near) / Double(u.rows)
        } else {
            alignedShare = 0
        }
        trainError = Self.error(network, on: train, outputScale: alpha)
        testError = Self.error(network, on: test, outputScale: alpha)
    }

    /// The measures at the end of `solution` (its stop, if it had one).
    public init(solution: Solution, train: Dataset, test: Dataset, outputScale alpha: Double) {
        let last = solution.samples.last!
        self.init(network: solution.final, sample: last, signs: last.outputWeights.map { $0.sign == .minus ? -1 : 1 },
                  train: train, test: test, outputScale: alpha)
    }

    /// (sum s_k^2)^2 / sum s_k^4 over the singular values s_k of U: (tr G)^2 / ||G||_F^2, G = U^T U.
    public static func participationRatio(_ u: Matrix) -> Double {
        let d = u.columns
        var g = [Double](repeating: 0, count: d * d)
        for j in 0..<u.rows {
            let row = u.row(j)
            for k in 0..<d where row[k] != 0 {
                for l in 0..<d { g[k * d + l] += row[k] * row[l] }
            }
        }
        let trace = (0..<d).reduce(0.0) { $0 + g[$1 * d + $1] }
        let frobenius = g.reduce(0.0) { $0 + $1 * $1 }
        return frobenius > 0 ? trace * trace / frobenius : 0
    }

    /// Fraction of samples with sign(f(x_i)) != y_i (f = 0 counts as an error).
    public static func error(_ network: Network, on data: Dataset, outputScale alpha: Double) -> Double {
        let f = network.outputs(on: data, outputScale: alpha)
        let wrong = zip(f, data.labels).filter { $0 * $1 <= 0 }.count
        return Double(wrong) / Double(data.sampleCount)
    }
}
