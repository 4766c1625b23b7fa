import Testing
@testable import ReLUFlow

/// Every registered check passes and its negative control fails (the control is run by the same
/// code with the one ingredient the prediction depends on removed).
@Suite struct CheckTests {
    /// Checks that report a measurement not yet confirmed (their verdict is a finding, tested
    /// by their own suites): fls-optimum (FLSOptimumTests).
    static let measurements: Set = ["fls-optimum"]

    @Test(arguments: CheckRegistry.all.map(\.name).filter { !measurements.contains($0) })
    func checkPassesAndControlFails(name: String) throws {
        let check = try #require(CheckRegistry.select([name]).first)
        let outcome = try check.run(quick: true, seed: 1)
        #expect(outcome.passed, "\(name): measured \(outcome.measured), predicted \(outcome.predicted)")
        #expect(outcome.controlFailed, "\(name): control \(outcome.control)")
    }

    @Test func globsSelectChecks() throws {
        #expect(try CheckRegistry.select(["logistic-*"]).map(\.name) == ["logistic-single-neuron"])
        #expect(try CheckRegistry.select([]).count == CheckRegistry.all.count)
    }

    @Test func unknownCheckNameIsRefused() {
        #expect(throws: InputError.self) { try CheckRegistry.select(["no-such-check"]) }
    }

    @Test func reportFormats() throws {
        let check = LogisticSingleNeuronCheck()
        let outcome = CheckOutcome(setting: "s", measured: "m", predicted: "p", tolerance: "t", passed: true,
                                   control: "c", controlFailed: true)
        let csv = CheckReport.render([(check, outcome)], format: .csv)
        #expect(csv.split(separator: "\n").count == 2)
        #expect(csv.contains("\"logistic-single-neuron\""))
        let json = CheckReport.render([(check, outcome)], format: .json)
        #expect(json.contains("\"verdict\" : \"pass\""))
    }
}
