import Foundation

/// The plain-text report of one run and its CSV trace.
public enum RunReport {
    /// Observer columns appended to the sample table: a header and one cell per sample.
    public typealias Column = (header: String, cells: [String])

    /// The sample table: time, loss, log-norm range, pattern counts and balance drift, with a
    /// legend; then, when there are `extra` columns, a second table of t and those columns (so that
    /// each fits `terminalWidth`).
    public static func table(_ solution: Solution, extra: [Column] = []) -> String {
        var table = TextTable(header: ["t", "loss", "min log|w|", "max log|w|", "active", "sliding", "sw/in/out",
                                       "balance drift"])
        let initialBalance = solution.samples.first?.balance ?? []
        for s in solution.samples {
            let drift = zip(s.balance, initialBalance).map { abs($0 - $1) }.max() ?? 0
            table.append([formatNumber(s.time), formatNumber(s.loss, digits: 10),
                          formatNumber(s.logNorms.min() ?? 0), formatNumber(s.logNorms.max() ?? 0),
                          "\(s.activePairs)", "\(s.slidingPairs)",
                          "\(s.changes.switches)/\(s.changes.slidingEntries)/\(s.changes.slidingExits)",
                          formatNumber(drift, digits: 3)])
        }
        let legend = wrapped("active, sliding: (sample, neuron) pairs on the active side and sliding; sw/in/out: "
                             + "activation switches, sliding entries and exits so far; balance drift: "
                             + "max_j |(a_j^2 - |w_j|^2) - its value at t = 0|")
        var text = ([table.render()] + legend).joined(separator: "\n")
        if !extra.isEmpty {
            var observed = TextTable(header: ["t"] + extra.map(\.header))
            for (k, s) in solution.samples.enumerated() { observed.append([formatNumber(s.time)] + extra.map { $0.cells[k] }) }
            text += "\n\n" + observed.render()
        }
        return text
    }

    /// Where the stopping rule ended the run (the table's last row), or that it did not.
    public static func stopLine(_ solution: Solution, rule: StoppingRule?) -> String? {
        guard let rule else { return nil }
        guard let stop = solution.stop else {
            let watched = switch rule { case .risk: "risk"; case .gradientNorm: "gradient norm" }
            return "stop: \(watched) \(rule.threshold) not reached by the end time"
        }
        return "stop: \(rule) at t* = " + String(format: "%.17g", stop.time) + " (value there "
            + String(format: "%.17g", stop.value) + ")"
    }

    /// The solver statistics, a few per line.
    public static func statistics(_ solution: Solution, method: StepType, wallSeconds: Double) -> String {
        let st = solution.statistics
        var lines = [
            "method \(method.rawValue), formulation \(solution.parametrisation.rawValue), "
                + String(format: "wall %.4f s", wallSeconds),
            "steps \(st.steps), field evaluations \(st.fieldEvaluations), events \(st.events), excursions \(st.excursions)",
            "switches \(st.changes.switches), sliding entries \(st.changes.slidingEntries), "
                + "sliding exits \(st.changes.slidingExits)",
        ]
        if st.decoupledEvents > 0 || st.decoupledUntil > 0 {
            lines.append("decoupled start to t = \(String(format: "%.6g", st.decoupledUntil)): "
                         + "\(st.decoupledEvents) of the events, one neuron's work each")
        }
        if st.stepEndCrossings > 0 {
            lines.append("crossings taken at a step's end (no re-steps): \(st.stepEndCrossings) of the events")
        }
        if st.aimedSteps + st.aimedStepsRejected > 0 {
            lines.append("aimed steps (two evaluations, ending on the forecast crossing) \(st.aimedSteps), "
                         + "rejected by their error check \(st.aimedStepsRejected)")
        }
        if st.burstSteps + st.burstsRejected > 0 {
            lines.append("burst steps (aimed steps past their crossings) \(st.burstSteps), taking "
                         + "\(st.burstCrossings) of the events; sent back \(st.burstsRejected)")
        }
        if solution.parametrisation == .logNorm {
            lines.append(String(format: "sphere drift %.2e, radial correction %.2e", st.sphereDrift, st.radialCorrection))
        }
        if st.nonFiniteRetries + st.unconvergedLocations + st.unconvergedBoxSolves > 0 {
            lines.append("steps retried after a non-finite stage \(st.nonFiniteRetries), locations not converged "
                         + "\(st.unconvergedLocations), box solves not converged \(st.unconvergedBoxSolves)")
        }
        return lines.joined(separator: "\n")
    }

    /// Writes one row per sample: t, loss, counts, then a_j and log||w_j|| per neuron, and the
    /// directions u_j when `directions` is set, then the `extra` columns (one value per sample).
    public static func writeTrace(_ solution: Solution, to path: String, directions: Bool,
                                  extra: [(header: String, values: [Double])] = []) throws {
        guard let first = solution.samples.first else { return }
        let m = first.logNorms.count, d = first.directions.columns
        var header = ["t", "loss", "active_pairs", "sliding_pairs", "switches", "sliding_entries", "sliding_exits"]
        header += (1...m).map { "a\($0)" } + (1...m).map { "log_norm\($0)" } + (1...m).map { "balance\($0)" }
        if directions { header += (1...m).flatMap { j in (1...d).map { "u\(j)_\($0)" } } }
        header += extra.map(\.header)
        var text = header.joined(separator: ",") + "\n"
        for (k, s) in solution.samples.enumerated() {
            var cells: [Double] = [s.time, s.loss, Double(s.activePairs), Double(s.slidingPairs),
                                   Double(s.changes.switches), Double(s.changes.slidingEntries),
                                   Double(s.changes.slidingExits)]
            cells += s.outputWeights + s.logNorms + s.balance
            if directions { cells += s.directions.storage }
            cells += extra.map { $0.values[k] }
            text += cells.map { String(format: "%.17g", $0) }.joined(separator: ",") + "\n"
        }
        try OutputFile.write(text, to: path, option: "trace")
    }

    /// Writes the event log: time, sample, neuron, kind, and the pattern changes it made.
    public static func writeEvents(_ solution: Solution, to path: String) throws {
        var text = "t,sample,neuron,kind,switches,sliding_entries,sliding_exits\n"
        for e in solution.events {
            text += String(format: "%.17g", e.time) + ",\(e.sample + 1),\(e.neuron + 1),"
                + (e.isCrossing ? "crossing" : "theta-bound")
                + ",\(e.changes.switches),\(e.changes.slidingEntries),\(e.changes.slidingExits)\n"
        }
        try OutputFile.write(text, to: path, option: "events")
    }
}
