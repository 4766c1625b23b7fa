import Foundation

/// `fls`: with logistic loss and training stopped when the training risk first reaches eps, test
/// error is lowest at an interior feature-learning strength (FLS = 1/s^2 for init scale s): too
/// large FLS over-aligns the neurons (the effective rank of the normalised first layer falls),
/// too small over-fits. Run in the paper's data model, the symmetric Gaussian mixture
/// x = kappa y e1 + sigma z (kappa/sigma = 1.5). Passes only if the best scale of the grid is
/// interior, beats both ends by more than 2 standard errors, and the mean effective rank does
/// not rise as s falls (by more than 2 standard errors between neighbours: the lazy end
/// saturates at ~min(m, d)). Negative control: the same grid without early stopping (T = 2000).
/// A measurement: the paper's claim is empirical (proofs-notes/fls-optimum.md).
public struct FLSOptimumCheck: TheoremCheck {
    public let name = "fls-optimum"
    public let source = "fls: interior optimal FLS at a target training risk (over-alignment vs over-fitting)"
    public let kind = CheckKind.measurement

    public init() {}

    /// The experiment of a run.
    static func experiment(level: CheckLevel) -> FLSExperiment {
        var e = FLSExperiment()
        e.mixture = try! GaussianMixture(kappa: 1.5, sigma: 1)
        switch level {
        case .quick, .standard:
            (e.n, e.nTest, e.d, e.m, e.seeds) = (40, 2000, 5, 20, level == .quick ? 4 : 8)
            e.scales = [1e-3, 1e-2, 1e-1, 1, 10]
        case .full:
            (e.n, e.nTest, e.d, e.m, e.seeds) = (50, 10000, 10, 50, 40)
            e.scales = [1e-3, 1e-2, 0.03, 0.1, 0.3, 1, 3, 10]
        }
        return e
    }

    public func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome {
        let experiment = Self.experiment(level: level)
        let rows = try experiment.run()
        let optimum = FLSExperiment.optimum(rows)
        let ranks = rows.map(\.effectiveRank.mean)
        var unstopped = experiment
        (unstopped.stops, unstopped.endTime) = (false, 2000)
        let unstoppedRows = try unstopped.run()
        return CheckOutcome(
            setting: "logistic, mixture kappa=\(experiment.mixture!.kappa) sigma=\(experiment.mixture!.sigma), "
                + "n=\(experiment.n) d=\(experiment.d) m=\(experiment.m), eps=\(experiment.eps), "
                + "s=\(experiment.scales.map { formatNumber($0) }.joined(separator: ",")), \(experiment.seeds) seeds",
            measured: Self.describe(rows, optimum) + "; " + FLSReport.powerLine(rows)
                + "; eff. rank " + ranks.map { formatNumber($0, digits: 3) }.joined(separator: ",")
                + "; dist. to kernel predictor " + rows.map { formatNumber($0.kernelDistance.mean, digits: 2) }.joined(separator: ",")
                + "; test err - class-mean err " + rows.map { formatNumber($0.networkExcess?.mean ?? .nan, digits: 2) }.joined(separator: ","),
            predicted: "interior min, both ends > 2 s.e. worse; eff. rank non-decreasing in s",
            tolerance: "2 s.e.", passed: Self.hasInteriorOptimum(rows) && Self.alignmentGrowsWithFLS(rows),
            control: "no early stopping (T=2000): " + Self.describe(unstoppedRows, FLSExperiment.optimum(unstoppedRows)),
            controlFailed: !Self.hasInteriorOptimum(unstoppedRows))
    }

    /// The best grid scale is interior and beats both ends by more than 2 standard errors.
    static func hasInteriorOptimum(_ rows: [FLSExperiment.Row]) -> Bool {
        let o = FLSExperiment.optimum(rows)
        return o.isInterior && min(o.marginToSmallest, o.marginToLargest) > 2
    }

    /// The mean effective rank never falls, as s grows, by more than 2 combined standard errors.
    static func alignmentGrowsWithFLS(_ rows: [FLSExperiment.Row]) -> Bool {
        zip(rows, rows.dropFirst()).allSatisfy { low, high in
            let se = (pow(low.effectiveRank.standardError, 2) + pow(high.effectiveRank.standardError, 2)).squareRoot()
            return high.effectiveRank.mean >= low.effectiveRank.mean - 2 * se
        }
    }

    /// Test error per scale (mean +- s.e.) and the optimum with its margins to the ends.
    static func describe(_ rows: [FLSExperiment.Row], _ optimum: FLSExperiment.Optimum) -> String {
        let errors = rows.map { formatNumber($0.testError.mean, digits: 3) + "±" + formatNumber($0.testError.standardError, digits: 2) }
        let failed = rows.reduce(0) { $0 + $1.failed }
        return "test err " + errors.joined(separator: ",") + (failed > 0 ? " (\(failed) run\(failed == 1 ? "" : "s") failed, left out)" : "")
            + "; best s=\(formatNumber(rows[optimum.index].scale)) "
            + "(interp. \(formatNumber(optimum.scale, digits: 3))), margins "
            + formatNumber(optimum.marginToSmallest, digits: 3) + "/" + formatNumber(optimum.marginToLargest, digits: 3) + " s.e. "
            + "(paired by seed " + formatNumber(optimum.pairedMarginToSmallest, digits: 3) + "/"
            + formatNumber(optimum.pairedMarginToLargest, digits: 3) + ")"
    }
}
