import Foundation

/// The results of checks as text (per check a summary line and wrapped details, within
/// `terminalWidth` columns), CSV or JSON (every field unabridged), and the list of checks.
public enum CheckReport {
    public enum Format: String, CaseIterable, Sendable { case text, csv, json }

    static let header = ["check", "kind", "source", "setting", "measured", "predicted", "tolerance", "verdict",
                         "control"]

    static func cells(_ result: CheckResult) -> [String] {
        let outcome = result.outcome
        let control = (outcome.controlFailed ? "fails as it must: " : "DID NOT FAIL: ") + outcome.control
        return [result.check.name, result.check.kind.rawValue, result.check.source, outcome.setting, outcome.measured,
                outcome.predicted, outcome.tolerance, result.verdict, control]
    }

    /// Renders the results in `format`.
    public static func render(_ results: [CheckResult], format: Format) -> String {
        switch format {
        case .text:
            let nameWidth = results.map(\.check.name.count).max() ?? 0
            return results.map { text($0, nameWidth: nameWidth) }.joined(separator: "\n\n")
        case .csv:
            func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            return ([header] + results.map(cells)).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\n")
        case .json:
            let objects = results.map { Dictionary(uniqueKeysWithValues: zip(header, cells($0))) }
            let data = try! JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// One check as text: name (padded to `nameWidth`), kind, verdict and control verdict on one
    /// line, then its source, setting, measurement, prediction, tolerance and control, indented and
    /// wrapped.
    public static func text(_ result: CheckResult, nameWidth: Int) -> String {
        let kindWidth = CheckKind.allCases.map(\.rawValue.count).max()!
        let verdictWidth = "not reproduced".count
        let summary = [padded(result.check.name, nameWidth), padded(result.check.kind.rawValue, kindWidth),
                       padded(result.verdict, verdictWidth), result.controlVerdict].joined(separator: "  ")
        let outcome = result.outcome
        let details = [("source", result.check.source), ("setting", outcome.setting), ("measured", outcome.measured),
                       ("predicted", outcome.predicted), ("tolerance", outcome.tolerance), ("control", outcome.control)]
        let labelWidth = details.map(\.0.count).max()!
        let indent = String(repeating: " ", count: 2 + labelWidth + 2)
        let lines = details.flatMap { label, value in
            wrapped(value, lead: "  " + padded(label, labelWidth) + "  ", indent: indent)
        }
        return ([summary] + lines).joined(separator: "\n")
    }

    /// The closing line of the text report: how many theorems hold and measurements reproduce.
    public static func summary(_ results: [CheckResult]) -> String {
        let theorems = results.filter { $0.check.kind == .theorem }
        let measurements = results.filter { $0.check.kind == .measurement }
        var parts: [String] = []
        if !theorems.isEmpty {
            parts.append("\(theorems.filter(\.outcome.holds).count) of \(theorems.count) theorems hold (passed, and their control failed)")
        }
        if !measurements.isEmpty {
            parts.append("\(measurements.filter(\.outcome.passed).count) of \(measurements.count) measurements reproduced")
        }
        return wrapped(parts.joined(separator: "; "), indent: "  ").joined(separator: "\n")
    }

    /// The checks, one per line: name, kind and source, aligned (sources wrapped under themselves).
    public static func list(_ checks: [any TheoremCheck]) -> String {
        let nameWidth = checks.map(\.name.count).max() ?? 0
        let kindWidth = CheckKind.allCases.map(\.rawValue.count).max()!
        let indent = String(repeating: " ", count: nameWidth + 2 + kindWidth + 2)
        return checks.flatMap { check in
            wrapped(check.source, lead: padded(check.name, nameWidth) + "  " + padded(check.kind.rawValue, kindWidth) + "  ",
                    indent: indent)
        }.joined(separator: "\n")
    }

    static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
