import Foundation

/// The table of check results: text, CSV or JSON.
public enum CheckReport {
    public enum Format: String, CaseIterable, Sendable { case text, csv, json }

    static let header = ["check", "source", "setting", "measured", "predicted", "tolerance", "verdict", "control"]

    static func cells(_ check: any TheoremCheck, _ outcome: CheckOutcome) -> [String] {
        let verdict = outcome.passed ? "pass" : "FAIL"
        let control = (outcome.controlFailed ? "fails as it must: " : "DID NOT FAIL: ") + outcome.control
        return [check.name, check.source, outcome.setting, outcome.measured, outcome.predicted, outcome.tolerance,
                verdict, control]
    }

    /// Renders the results in `format`.
    public static func render(_ results: [(any TheoremCheck, CheckOutcome)], format: Format) -> String {
        let rows = results.map { cells($0.0, $0.1) }
        switch format {
        case .text:
            var table = TextTable(header: header)
            for row in rows { table.append(row) }
            return table.render()
        case .csv:
            func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            return ([header] + rows).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\n")
        case .json:
            let objects = rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
            let data = try! JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
    }
}
