import Testing
@testable import ReLUFlow

/// Which results let a run of checks succeed, by kind, with and without --strict.
@Suite struct CheckResultTests {
    static func result(_ check: any TheoremCheck, passed: Bool, controlFailed: Bool) -> CheckResult {
        CheckResult(check: check, outcome: CheckOutcome(setting: "s", measured: "m", predicted: "p", tolerance: "t",
                                                        passed: passed, control: "c", controlFailed: controlFailed))
    }

    @Test func theoremMustPassAndItsControlFail() {
        let theorem = LogisticSingleNeuronCheck()
        #expect(Self.result(theorem, passed: true, controlFailed: true).isAccepted(strict: false))
        #expect(!Self.result(theorem, passed: false, controlFailed: true).isAccepted(strict: false))
        #expect(!Self.result(theorem, passed: true, controlFailed: false).isAccepted(strict: false))
        #expect(Self.result(theorem, passed: false, controlFailed: true).verdict == "FAIL")
    }

    @Test func measurementCountsOnlyWhenStrict() {
        let measurement = FLSOptimumCheck()
        let notReproduced = Self.result(measurement, passed: false, controlFailed: true)
        #expect(notReproduced.verdict == "not reproduced")
        #expect(notReproduced.isAccepted(strict: false))
        #expect(!notReproduced.isAccepted(strict: true))
        #expect(Self.result(measurement, passed: true, controlFailed: true).isAccepted(strict: true))
        let run = [Self.result(LogisticSingleNeuronCheck(), passed: true, controlFailed: true), notReproduced]
        #expect(run.succeeded(strict: false))
        #expect(!run.succeeded(strict: true))
    }
}
