/// The tables of an FLS experiment: per init scale s (FLS = 1/s^2), means +- standard errors
/// over seeds of the measures at the stop; and, over a second parameter, the optimum per value.
public enum FLSReport {
    public static func table(_ rows: [FLSExperiment.Row]) -> String {
        func pm(_ e: FLSExperiment.Estimate, _ digits: Int = 3) -> String {
            formatNumber(e.mean, digits: digits) + " ± " + formatNumber(e.standardError, digits: 2)
        }
        var table = TextTable(header: ["s", "FLS=1/s^2", "test err", "train err", "gap", "eff. rank", "clusters",
                                       "aligned", "t_stop", "stopped", "kernel err", "|f-f_K|/|f_K|", "disagree"])
        for r in rows {
            table.append([formatNumber(r.scale), formatNumber(r.fls, digits: 3), pm(r.testError), pm(r.trainError),
                          pm(r.gap), pm(r.effectiveRank), pm(r.clusters), pm(r.alignedShare), pm(r.stopTime),
                          "\(r.stopped)/\(r.testError.count)" + (r.failed > 0 ? " (\(r.failed) failed)" : ""), pm(r.kernelTestError), pm(r.kernelDistance),
                          pm(r.kernelDisagreement)])
        }
        return table.render()
    }

    /// On a mixture (nil otherwise), per scale: test error, the Bayes error, the two parts of the
    /// excess (the class-mean classifier's over Bayes, the network's over the class-mean
    /// classifier), and the neurons' weighted angles (degrees) to the class-mean direction mu_hat
    /// and to the signal direction s.
    public static func mixtureTable(_ rows: [FLSExperiment.Row]) -> String? {
        guard rows.contains(where: { $0.bayesError != nil }) else { return nil }
        func pm(_ e: FLSExperiment.Estimate?, _ factor: Double = 1) -> String {
            guard let e else { return "-" }
            return formatNumber(factor * e.mean, digits: 3) + " ± " + formatNumber(factor * e.standardError, digits: 2)
        }
        let degrees = 180 / Double.pi
        var table = TextTable(header: ["s", "test err", "Bayes", "mean-clf - Bayes", "net - mean-clf", "angle mu_hat (°)",
                                       "angle s (°)"])
        for r in rows {
            table.append([formatNumber(r.scale), pm(r.testError), r.bayesError.map { formatNumber($0, digits: 3) } ?? "-",
                          pm(r.classMeanExcess), pm(r.networkExcess), pm(r.angleToClassMean, degrees),
                          pm(r.angleToSignal, degrees)])
        }
        return table.render()
    }

    /// The located optimum: grid point, interpolated scale, margins to the ends in standard errors.
    public static func optimumLine(_ rows: [FLSExperiment.Row]) -> String {
        let o = FLSExperiment.optimum(rows)
        return "optimum: s = \(formatNumber(rows[o.index].scale)) on the grid (interior: \(o.isInterior)), "
            + "interpolated s* = \(formatNumber(o.scale, digits: 3)) (FLS = \(formatNumber(o.fls, digits: 3))); "
            + "beats smallest s by \(formatNumber(o.marginToSmallest, digits: 3)) s.e., largest s by "
            + "\(formatNumber(o.marginToLargest, digits: 3)) s.e. (paired by seed: "
            + "\(formatNumber(o.pairedMarginToSmallest, digits: 3)) and \(formatNumber(o.pairedMarginToLargest, digits: 3)) s.e.)"
    }

    /// Seeds that bring the standard error of the best scale's difference to each end down to a
    /// third of it (`FLSExperiment.power`), unpaired and paired by seed.
    public static func powerLine(_ rows: [FLSExperiment.Row]) -> String {
        let o = FLSExperiment.optimum(rows)
        func part(_ end: Int) -> String {
            let p = FLSExperiment.power(rows, best: o.index, end: end)
            let k = [p.unpairedSeeds, p.pairedSeeds].map { $0.map(String.init) ?? "-" }
            return "\(k[0])/\(k[1]) (diff \(formatNumber(p.difference, digits: 3)))"
        }
        return "seeds for s.e. <= diff/3 (unpaired/paired): smallest s " + part(0) + ", largest "
            + part(rows.count - 1)
    }

    /// One line per value of the second parameter: the best grid scale, the interpolated optimum
    /// and its FLS, the test error there and at both ends, and the margins to the ends.
    public static func optimumTable(parameter: String, _ groups: [(label: String, rows: [FLSExperiment.Row])]) -> String {
        var table = TextTable(header: [parameter, "best s", "s*", "FLS*", "test err at best", "at smallest s",
                                       "at largest s", "margins (s.e.)", "paired margins", "interior"])
        for (label, rows) in groups where rows.count >= 3 {
            let o = FLSExperiment.optimum(rows)
            func err(_ r: FLSExperiment.Row) -> String {
                formatNumber(r.testError.mean, digits: 3) + " ± " + formatNumber(r.testError.standardError, digits: 2)
            }
            table.append([label, formatNumber(rows[o.index].scale), formatNumber(o.scale, digits: 3),
                          formatNumber(o.fls, digits: 3), err(rows[o.index]), err(rows[0]), err(rows[rows.count - 1]),
                          formatNumber(o.marginToSmallest, digits: 3) + " / " + formatNumber(o.marginToLargest, digits: 3),
                          formatNumber(o.pairedMarginToSmallest, digits: 3) + " / "
                            + formatNumber(o.pairedMarginToLargest, digits: 3),
                          o.isInterior ? "yes" : "no"])
        }
        return table.render()
    }
}
