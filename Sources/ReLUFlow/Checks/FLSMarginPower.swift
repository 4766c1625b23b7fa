import Foundation

extension FLSExperiment {
    /// How many seeds resolve the difference in mean test error between the best scale and an
    /// end of the grid: the k for which the standard error of the difference, sd / sqrt(k), is at
    /// most a third of the difference D, k = ceil((3 sd / D)^2), with sd estimated from these
    /// runs. Unpaired: sd^2 = sd_best^2 + sd_end^2 (seeds independent); paired: sd of the per-seed
    /// differences. nil when D <= 0 or fewer than two seeds give sd.
    public struct MarginPower: Sendable, Equatable {
        public let difference: Double
        public let unpairedSeeds: Int?
        public let pairedSeeds: Int?
    }

    /// The power of the margin between rows `best` and `end`.
    public static func power(_ rows: [Row], best: Int, end: Int) -> MarginPower {
        let (b, e) = (rows[best].testError, rows[end].testError)
        let difference = e.mean - b.mean
        func seeds(_ sd: Double, _ count: Int) -> Int? {
            guard difference > 0, count >= 2, sd.isFinite else { return nil }
            return max(2, Int((3 * sd / difference * 3 * sd / difference).rounded(.up)))
        }
        let unpairedSD = (b.standardError * b.standardError * Double(b.count)
                          + e.standardError * e.standardError * Double(e.count)).squareRoot()
        let differences = rows[end].testErrorBySeed.compactMap { seed, error in
            rows[best].testErrorBySeed[seed].map { error - $0 }
        }
        let paired = Estimate(differences)
        return MarginPower(difference: difference, unpairedSeeds: seeds(unpairedSD, min(b.count, e.count)),
                           pairedSeeds: seeds(paired.standardError * Double(paired.count).squareRoot(), paired.count))
    }
}
