import Foundation
import ReLUFlow

/// The work-precision table of a case, as text and as CSV rows.
enum BenchTable {
    static func outcomeText(_ row: WorkPrecisionRow) -> String {
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

    static func ratioText(_ ratio: SpeedRatio?) -> String {
        guard let ratio else { return "-" }
        let c = ratio.candidate
        return (ratio.isLowerBound ? ">" : "") + formatNumber(ratio.ratio, digits: 3)
            + " (\(c.method) \(formatNumber(c.relativeTolerance, digits: 2)))"
    }

    static func ratio(_ row: WorkPrecisionRow, in result: BenchRunner.CaseResult) -> SpeedRatio? {
        guard row.solver != "ReLUFlow" else { return nil }
        return WorkPrecision.speedRatio(peer: row, candidates: result.rows.filter { $0.solver == "ReLUFlow" },
                                        floor: result.floor)
    }

    private static func optional(_ x: Double?, digits: Int = 3) -> String { x.map { formatNumber($0, digits: digits) } ?? "-" }

    static func text(_ result: BenchRunner.CaseResult) -> String {
        var table = TextTable(header: ["solver", "method", "rtol", "wall s", "field evals", "sw/in/out", "final loss",
                                       "loss err", "param err", "peer/ReLUFlow (vs)", "outcome"])
        for (row, loss) in zip(result.rows, result.losses) {
            table.append([row.solver, row.method, formatNumber(row.relativeTolerance, digits: 2),
                          formatNumber(row.wallSeconds, digits: 4), row.fieldEvaluations.map { "\($0)" } ?? "-",
                          eventsText(row), optional(loss, digits: 12), optional(row.lossError, digits: 2),
                          optional(row.parameterError, digits: 2), ratioText(ratio(row, in: result)),
                          outcomeText(row)])
        }
        var lines = ["== \(result.benchCase.name): \(result.benchCase.setting)",
                     "reference: \(result.referenceText)", table.render()]
        let peerRatios = result.rows.compactMap { ratio($0, in: result) }
        if let worst = peerRatios.min(by: { $0.ratio < $1.ratio }) {
            lines.append("smallest peer/ReLUFlow ratio at equal or better accuracy: "
                         + (worst.isLowerBound ? ">" : "") + formatNumber(worst.ratio, digits: 3))
        }
        let unmatched = result.rows.filter { $0.solver != "ReLUFlow" && $0.outcome == .finished && ratio($0, in: result) == nil }
        if !unmatched.isEmpty {
            lines.append("peer runs more accurate than every ReLUFlow run: "
                         + unmatched.map { "\($0.method) \(formatNumber($0.relativeTolerance, digits: 2))" }.joined(separator: ", "))
        }
        if let c = result.conventionCheck {
            lines.append("loss convention: peer's printed loss vs ReLUFlow's loss of the peer's final network, "
                         + "largest relative difference \(formatNumber(c, digits: 2))")
        }
        return lines.joined(separator: "\n")
    }

    static let csvHeader = "case,n,d,m,lambda,T,solver,method,rtol,outcome,wall_s,field_evaluations,switches,"
        + "sliding_entries,sliding_exits,final_loss,loss_error,parameter_error,reference_resolution,peer_over_reluflow,"
        + "ratio_is_lower_bound,compared_with"

    static func csvRows(_ result: BenchRunner.CaseResult) -> [String] {
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
            cells += [g(row.relativeTolerance), "\"\(outcome)\"", g(row.wallSeconds), evaluations, switches, entries, exits]
            cells += [lossText, g(row.lossError), g(row.parameterError), g(result.floor), g(r?.ratio), bound, versus]
            return cells
                .joined(separator: ",")
        }
    }
}
