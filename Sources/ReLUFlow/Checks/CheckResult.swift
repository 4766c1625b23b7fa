/// A check and what its run found.
public struct CheckResult: Sendable {
    public let check: any TheoremCheck
    public let outcome: CheckOutcome

    public init(check: any TheoremCheck, outcome: CheckOutcome) {
        self.check = check
        self.outcome = outcome
    }

    /// Runs `check` at `level`.
    public init(running check: any TheoremCheck, level: CheckLevel, seed: UInt64) throws {
        self.init(check: check, outcome: try check.run(level: level, seed: seed))
    }

    /// Whether the result lets a run of checks succeed: a theorem must pass and its control fail;
    /// a measurement must too only when `strict`.
    public func isAccepted(strict: Bool) -> Bool {
        outcome.holds || (check.kind == .measurement && !strict)
    }

    /// "pass"/"FAIL" for a theorem, "reproduced"/"not reproduced" for a measurement.
    public var verdict: String {
        switch check.kind {
        case .theorem: outcome.passed ? "pass" : "FAIL"
        case .measurement: outcome.passed ? "reproduced" : "not reproduced"
        }
    }

    /// Whether the control failed the prediction, as it must.
    public var controlVerdict: String {
        outcome.controlFailed ? "control fails as it must" : "control DID NOT FAIL"
    }
}

extension Array where Element == CheckResult {
    /// Whether every result is accepted (see `CheckResult.isAccepted(strict:)`).
    public func succeeded(strict: Bool) -> Bool { allSatisfy { $0.isAccepted(strict: strict) } }
}
