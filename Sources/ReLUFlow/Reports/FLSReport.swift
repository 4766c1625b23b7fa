/// The table of an FLS experiment: per init scale s (FLS = 1/s^2), means +- standard errors
/// over seeds of the measures at the stop.
public enum FLSReport {
    public static func table(_ rows: [FLSExperiment.Row]) -> String {
        func pm(_ e: FLSExperiment.Estimate, _ digits: Int = 3) -> String {
            formatNumber(e.mean, digits: digits) + " ± " + formatNumber(e.standardError, digits: 2)
        }
        var table = TextTable(header: ["s", "FLS=1/s^2", "test err", "train err", "gap", "eff. rank", "clusters",
                                       "aligned", "t_stop", "stopped"])
        for r in rows {
            table.append([formatNumber(r.scale), formatNumber(r.fls, digits: 3), pm(r.testError), pm(r.trainError),
                          pm(r.gap), pm(r.effectiveRank), pm(r.clusters), pm(r.alignedShare), pm(r.stopTime),
                          "\(r.stopped)/\(r.testError.count)"])
        }
        return table.render()
    }

    /// The located optimum: grid point, interpolated scale, margins to the ends in standard errors.
    public static func optimumLine(_ rows: [FLSExperiment.Row]) -> String {
        let o = FLSExperiment.optimum(rows)
        return "optimum: s = \(formatNumber(rows[o.index].scale)) on the grid (interior: \(o.isInterior)), "
            + "interpolated s* = \(formatNumber(o.scale, digits: 3)) (FLS = \(formatNumber(o.fls, digits: 3))); "
            + "beats smallest s by \(formatNumber(o.marginToSmallest, digits: 3)) s.e., largest s by "
            + "\(formatNumber(o.marginToLargest, digits: 3)) s.e."
    }
}
