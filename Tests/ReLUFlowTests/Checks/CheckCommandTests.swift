import Foundation
import Testing

/// `reluflow check` and `reluflow run` as a user runs them: the built executable, quick settings.
@Suite struct CheckCommandTests {
    static func expectWidth(_ text: String, _ what: String) {
        for line in text.split(separator: "\n") { #expect(line.count <= 100, "\(what): \(line.count): \(line)") }
    }

    @Test func quickChecksFitTheTerminalAndExitZero() throws {
        let result = try runProcess(try reluflowExecutable(),
                                    ["check", "--quick", "logistic-single-neuron", "deactivation", "kernel-change"])
        #expect(result.status == 0, "\(result.stderr)")
        Self.expectWidth(result.stdout, "check")
        #expect(result.stdout.contains("3 of 3 theorems hold"))
    }

    @Test func listFitsTheTerminal() throws {
        let result = try runProcess(try reluflowExecutable(), ["check", "--list"])
        #expect(result.status == 0, "\(result.stderr)")
        Self.expectWidth(result.stdout, "check --list")
        #expect(result.stdout.contains("fls-optimum") && result.stdout.contains("measurement"))
    }

    @Test func helpFitsTheTerminal() throws {
        let result = try runProcess(try reluflowExecutable(), ["check", "--help"])
        #expect(result.status == 0)
        Self.expectWidth(result.stdout, "check --help")
    }

    @Test func exclusiveLevelsAndBadFormatAreRefused() throws {
        let bin = try reluflowExecutable()
        let levels = try runProcess(bin, ["check", "--quick", "--full", "deactivation"])
        #expect(levels.status != 0 && levels.stderr.contains("--quick and --full"))
        let format = try runProcess(bin, ["check", "--quick", "--format", "xml", "deactivation"])
        #expect(format.status != 0 && format.stderr.contains("xml"))
    }

    @Test func runFitsTheTerminal() throws {
        let result = try runProcess(try reluflowExecutable(),
                                    ["run", "--n", "8", "--d", "3", "--m", "6", "--lambda", "0.5", "--noise", "0.5",
                                     "--time", "50", "--samples", "10"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count > 12)
        Self.expectWidth(result.stdout, "run")
    }
}
