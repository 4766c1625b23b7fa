import Foundation

/// The work-precision table of a case, as text and as CSV rows.
public enum BenchTable {
    public static func outcomeText(_ row: WorkPrecisionRow) -> String {
        switch row.outcome {
        case .finished: return "finished"
        case .capped(let s): return "capped at \(formatNumber(s, digits: 4)) s"
        case .failed(let reason): return "failed: \(reason)"
        }
    }

    static func eventsText(_ row: WorkPrecisionRow) -> String {
        guard let e = row.events else { return "-" }
        return "\(e.switches)/\(e.slidingEntries)/\(e.slidingExits)"
    }

    /// The row's tolerance, or its step as `h=...`.
    static func settingText(_ row: WorkPrecisionRow) -> String {
        if let step = row.step { return "h=" + formatNumber(step, digits: 2) }
        return row.relativeTolerance.map { formatNumber($0, digits: 2) } ?? "-"
    }

    static func ratioText(_ ratio: SpeedRatio?) -> String {
        guard let ratio else { return "-" }
        let c = ratio.candidate
        return (ratio.isLowerBound ? ">" : "") + formatNumber(ratio.ratio, digits: 3)
            + " (\(c.method) \(settingText(c)))"
    }

    static func ratio(_ row: WorkPrecisionRow, in result: BenchRunner.CaseResult) -> SpeedRatio? {
        guard row.solver != "ReLUFlow" else { return nil }
        return WorkPrecision.speedRatio(peer: row, candidates: result.rows.filter { $0.solver == "ReLUFlow" },
                                        floor: result.floor)
    }

    private static func optional(_ x: Double?, digits: Int = 3) -> String { x.map { formatNumber($0, digits: digits) } ?? "-" }

    public static func text(_ result: BenchRunner.CaseResult) -> String {
        var table = TextTable(header: ["solver", "method", "rtol", "wall s", "field evals", "sw/in/out", "final loss",
                                       "loss err", "param err", "peer/ReLUFlow (vs)", "outcome"])
        for (row, loss) in zip(result.rows, result.losses) {
            table.append([row.solver, row.method, settingText(row),
                          formatNumber(row.wallSeconds, digits: 4), row.fieldEvaluations.map { "\($0)" } ?? "-",
                          eventsText(row), optional(loss, digits: 12), optional(row.lossError, digits: 2),
                          optional(row.parameterError, digits: 2), ratioText(ratio(row, in: result)),
                          outcomeText(row)])
        }
        var lines = ["== \(result.benchCase.name): \(result.benchCase.setting)",
                     "reference: \(result.referenceText)", table.render()]
        let scipyRatios = result.rows.filter { $0.solver == "scipy" }.compactMap { ratio($0, in: result) }
        if let worst = scipyRatios.min(by: { $0.ratio < $1.ratio }) {
            lines.append("smallest scipy/ReLUFlow ratio at equal or better accuracy: "
                         + (worst.isLowerBound ? ">" : "") + formatNumber(worst.ratio, digits: 3))
        }
        let unmatched = result.rows.filter { $0.solver != "ReLUFlow" && $0.outcome == .finished && ratio($0, in: result) == nil }
        if !unmatched.isEmpty {
            lines.append("peer runs more accurate than every ReLUFlow run: "
                         + unmatched.map { "\($0.method) \(settingText($0))" }.joined(separator: ", "))
        }
        if let c = result.conventionCheck {
            lines.append("loss convention: peers' printed loss vs ReLUFlow's loss of the peer's final network, "
                         + "largest relative difference \(formatNumber(c, digits: 2))")
        }
        lines += gradientDescentLines(result)
        return lines.joined(separator: "\n")
    }

    /// The gradient-descent summary: its observed order, the step (and time) at which it would be
    /// as accurate as ReLUFlow's most accurate run, and ReLUFlow's time against its largest step.
    static func gradientDescentLines(_ result: BenchRunner.CaseResult) -> [String] {
        let descents = result.rows.filter { $0.step != nil && $0.outcome == .finished }
        let flows = zip(result.rows, result.losses).filter { $0.0.solver == "ReLUFlow" && $0.0.outcome == .finished }
        guard !descents.isEmpty else { return [] }
        var lines = ["gradient descent: numpy float64, step h on L = 1/(2n) sum (f - y)^2, T/h steps reach flow time T"]
        let runs = descents.compactMap { row -> (step: Double, error: Double, wallSeconds: Double)? in
            guard let step = row.step, let l = row.lossError, let p = row.parameterError else { return nil }
            return (step, max(l, p), row.wallSeconds)
        }
        let best = flows.compactMap { row, _ in row.accuracy(floor: result.floor).map { (row, $0) } }
            .min { ($0.1, $0.0.wallSeconds) < ($1.1, $1.0.wallSeconds) }
        if case .peerGradientDescent = result.benchCase.reference {
            // err(h) = 2 |theta(h/2) - theta(h)| and err(h/2) = |theta(h/2) - theta(h)| by construction.
            lines.append("  the reference is extrapolated from these runs: their errors, order and cost at "
                         + "ReLUFlow's accuracy are not independent measurements (not shown)")
        } else if let best, let x = FirstOrderExtrapolation(runs: runs, target: best.1) {
            if !x.observedOrders.isEmpty {
                lines.append("  observed order log2(err(h) / err(h/2)): "
                             + x.observedOrders.map { formatNumber($0, digits: 3) }.joined(separator: ", "))
            }
            let steps = result.benchCase.time / x.step
            lines.append("  as accurate as ReLUFlow's best (\(best.0.method) rtol \(settingText(best.0)), error "
                         + "\(formatNumber(best.1, digits: 2)), \(formatNumber(best.0.wallSeconds, digits: 3)) s) at first "
                         + "order: h ~ \(formatNumber(x.step, digits: 2)), \(formatNumber(steps, digits: 2)) steps, "
                         + "~\(formatNumber(x.wallSeconds, digits: 2)) s")
        }
        let coarsest = descents.max { $0.step! < $1.step! }!
        let flow = flows.first { $0.0.method == StepType.rk8pd.rawValue && $0.0.relativeTolerance == 1e-8 } ?? flows.first
        if let (row, loss) = flow, let loss {
            lines.append("  ReLUFlow \(row.method) rtol \(settingText(row)): \(formatNumber(row.wallSeconds, digits: 4)) s, "
                         + "final loss \(formatNumber(loss, digits: 12)); GD h=\(formatNumber(coarsest.step!)): "
                         + "\(formatNumber(coarsest.wallSeconds, digits: 4)) s; ReLUFlow/GD "
                         + formatNumber(row.wallSeconds / coarsest.wallSeconds, digits: 3))
            lines.append("  |ReLUFlow's final loss - reference loss| = "
                         + formatNumber(abs(loss - result.referenceLoss), digits: 2))
        }
        return lines
    }

    public static let csvHeader = "case,n,d,m,lambda,T,solver,method,rtol,step,outcome,wall_s,field_evaluations,switches,"
        + "sliding_entries,sliding_exits,final_loss,loss_error,parameter_error,reference_resolution,peer_over_reluflow,"
        + "ratio_is_lower_bound,compared_with"

    public static func csvRows(_ result: BenchRunner.CaseResult) -> [String] {
        let c = result.benchCase
        func g(_ x: Double?) -> String { x.map { String(format: "%.6g", $0) } ?? "" }
        return zip(result.rows, result.losses).map { row, loss in
            let r = ratio(row, in: result)
            let outcome = outcomeText(row).replacingOccurrences(of: ",", with: ";")
                .replacingOccurrences(of: "\"", with: "'")
            let evaluations: String = row.fieldEvaluations.map { "\($0)" } ?? ""
            let switches: String = row.events.map { "\($0.switches)" } ?? ""
            let entries: String = row.events.map { "\($0.slidingEntries)" } ?? ""
            let exits: String = row.events.map { "\($0.slidingExits)" } ?? ""
            let lossText: String = loss.map { String(format: "%.17g", $0) } ?? ""
            let bound: String = r.map { $0.isLowerBound ? "1" : "0" } ?? ""
            let versus: String = r.map { "\($0.candidate.method) \(g($0.candidate.relativeTolerance))" } ?? ""
            var cells: [String] = [c.name, "\(c.n)", "\(c.d)", "\(c.m)", c.lambdaText, g(c.time), row.solver, row.method]
            cells += [g(row.relativeTolerance), g(row.step), "\"\(outcome)\"", g(row.wallSeconds), evaluations, switches,
                      entries, exits]
            cells += [lossText, g(row.lossError), g(row.parameterError), g(result.floor), g(r?.ratio), bound, versus]
            return cells.joined(separator: ",")
        }
    }
}
