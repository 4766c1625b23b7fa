import Testing
@testable import ReLUFlow

/// Every registered check passes and its negative control fails (the control is run by the same
/// code with the one ingredient the prediction depends on removed).
@Suite struct CheckTests {
    /// Theorem checks must hold at the quick level (CI). Measurements report what they find and
    /// are tested by their own suites (fls-optimum: FLSOptimumTests).
    @Test(arguments: CheckRegistry.all.filter { $0.kind == .theorem }.map(\.name))
    func checkPassesAndControlFails(name: String) throws {
        let check = try #require(CheckRegistry.select([name]).first)
        let outcome = try check.run(level: .quick, seed: 1)
        #expect(outcome.passed, "\(name): measured \(outcome.measured), predicted \(outcome.predicted)")
        #expect(outcome.controlFailed, "\(name): control \(outcome.control)")
    }

    /// fls-optimum is the paper's empirical claim (proofs-notes/fls-optimum.md); every other check
    /// has its prediction derived in its proofs-note.
    @Test func kinds() {
        #expect(CheckRegistry.all.filter { $0.kind == .measurement }.map(\.name) == ["fls-optimum"])
    }

    @Test func globsSelectChecks() throws {
        #expect(try CheckRegistry.select(["logistic-*"]).map(\.name) == ["logistic-single-neuron"])
        #expect(try CheckRegistry.select([]).count == CheckRegistry.all.count)
    }

    @Test func unknownCheckNameIsRefused() {
        #expect(throws: InputError.self) { try CheckRegistry.select(["no-such-check"]) }
    }

}
