import Foundation
import Testing
@testable import ReLUFlow

/// The check report: text within 100 columns that keeps every word, CSV and JSON unabridged, with
/// the kind.
@Suite struct CheckReportTests {
    static let long = (1...60).map { "word\($0)" }.joined(separator: " ") + " " + String(repeating: "x", count: 130)

    static var results: [CheckResult] {
        get throws {
            let synthetic = CheckResult(check: FLSOptimumCheck(), outcome: CheckOutcome(
                setting: long, measured: "m", predicted: "p", tolerance: "t", passed: false, control: long,
                controlFailed: true))
            // A real outcome with long fields (seconds at the quick level).
            let real = try CheckResult(running: KernelChangeCheck(), level: .quick, seed: 1)
            return [real, synthetic]
        }
    }

    @Test func textFitsTheTerminalAndKeepsEveryWord() throws {
        let results = try Self.results
        let text = CheckReport.render(results, format: .text) + "\n" + CheckReport.summary(results)
        for line in text.split(separator: "\n") { #expect(line.count <= 100, "\(line.count): \(line)") }
        let words = text.split(whereSeparator: \.isWhitespace).joined()
        for result in results {
            let o = result.outcome
            for field in [o.setting, o.measured, o.predicted, o.tolerance, o.control, result.check.source] {
                #expect(words.contains(field.split(separator: " ").joined()), "lost words of \(field)")
            }
        }
    }

    @Test func summaryLineGivesNameKindVerdictAndControl() throws {
        let text = CheckReport.render(try Self.results, format: .text)
        let summaries = text.split(separator: "\n").filter { !$0.hasPrefix(" ") }.map {
            $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        }
        #expect(summaries.count == 2)
        #expect(summaries[0].prefix(3) == ["kernel-change", "theorem", "pass"])
        #expect(summaries[1].prefix(4) == ["fls-optimum", "measurement", "not", "reproduced"])
        #expect(summaries[1].suffix(5).joined(separator: " ") == "control fails as it must")
    }

    @Test func csvAndJsonKeepEveryFieldAndTheKind() throws {
        let results = try Self.results
        let csv = CheckReport.render(results, format: .csv)
        let header = try #require(csv.split(separator: "\n").first)
        #expect(header.hasPrefix("\"check\",\"kind\","))
        #expect(csv.contains("\"measurement\""))
        #expect(csv.contains(Self.long))
        let json = CheckReport.render(results, format: .json)
        let objects = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]])
        #expect(objects.map { $0["kind"] } == ["theorem", "measurement"])
        #expect(objects[1]["setting"] == Self.long)
        #expect(objects[1]["verdict"] == "not reproduced")
        #expect(objects[0]["measured"] == results[0].outcome.measured)
    }

    @Test func listIsAlignedAndFitsTheTerminal() {
        let lines = CheckReport.list(CheckRegistry.all).split(separator: "\n").map(String.init)
        for line in lines { #expect(line.count <= 100, "\(line.count): \(line)") }
        let starts = lines.filter { !$0.hasPrefix(" ") }
        #expect(starts.map { String($0.prefix { $0 != " " }) } == CheckRegistry.all.map(\.name))
        // Every source (and its continuation lines) starts in the same column, after the widest
        // name and kind.
        let column = CheckRegistry.all.map(\.name.count).max()! + 2 + "measurement".count + 2
        for line in lines {
            let text = Array(line)
            #expect(text[column - 1] == " " && text[column] != " ", "\(line)")
        }
        for (line, check) in zip(starts, CheckRegistry.all) { #expect(line.contains(" \(check.kind.rawValue) ")) }
    }
}
