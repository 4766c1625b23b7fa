import Foundation
import Testing

/// A negative number after an option is its value (not a missing value): it reaches the checks,
/// which refuse it naming the option and the value.
@Suite struct NegativeValueTests {
    /// Runs `reluflow arguments` and expects a refusal whose message contains `message`.
    static func expectRefused(_ arguments: [String], _ message: String, in directory: String? = nil) throws {
        let result = try runProcess(try reluflowExecutable(), arguments, in: directory)
        #expect(result.status != 0, "\(arguments) was accepted")
        #expect(!result.stderr.contains("Missing value"), "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }

    @Test(arguments: [
        (["--n", "-1"], "--n = -1:"),
        (["--d", "-1"], "--d = -1:"),
        (["--m", "-1"], "--m = -1:"),
        (["--teacher", "relu", "--teacher-neurons", "-2"], "--teacher-neurons = -2:"),
        (["--noise", "-0.5"], "--noise = -0.5:"),
        (["--alpha", "-1"], "--alpha = -1.0:"),
        (["--lambda", "-1e-3"], "--lambda = -0.001:"),
        (["--time", "-5"], "--time = -5.0:"),
        (["--rtol", "-1e-8"], "--rtol = -1e-08:"),
        (["--atol", "-1"], "--atol = -1.0:"),
        (["--samples", "-3"], "--samples = -3:"),
        (["--at", "-1"], "--at = -1.0:"),
        (["--stop-at-risk", "-0.1"], "--stop-at-risk = -0.1:"),
        (["--stop-at-grad-norm", "-1"], "--stop-at-grad-norm = -1.0:"),
        (["--relinearise-every", "-5"], "--relinearise-every = -5.0:"),
        (["--test-samples", "-10"], "--test-samples = -10:"),
        (["--seed", "-1"], "'-1' is invalid for '--seed"),
    ])
    func runRefusesNegativeValuesByName(arguments: [String], message: String) throws {
        try Self.expectRefused(["run"] + arguments, message)
    }

    /// A negative value where one is meaningful is taken: log lambda = -3 is lambda = e^-3.
    @Test func aNegativeLogScaleRuns() throws {
        let result = try runProcess(try reluflowExecutable(), ["run", "--log-lambda", "-3", "--time", "1", "--samples", "0"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test(arguments: [
        (["--n", "-1"], "--n = -1:"),
        (["--flip", "-0.1"], "--flip = -0.1:"),
        (["--scales", "-1,1,2"], "--scales = -1.0:"),
        (["--seeds", "-2"], "--seeds = -2:"),
        (["--over", "n=-5..5"], "--over n = -5:"),
        (["--eps", "-0.1"], "--eps = -0.1:"),
    ])
    func flsRefusesNegativeValuesByName(arguments: [String], message: String) throws {
        try Self.expectRefused(["fls"] + arguments, message)
    }

    @Test(arguments: [
        (["--sweep", "n=-5..5"], "--sweep n = -5: refused: --n = -5:"),
        (["--sweep", "lambda=1,-1"], "--sweep lambda = -1: refused: --lambda = -1.0:"),
        (["--shard", "-1/2"], "--shard = -1/2:"),
        (["--seeds", "-1"], "--seeds = -1:"),
        (["--workers", "-2"], "--workers = -2:"),
        (["--n", "-1"], "--n = -1:"),
    ])
    func sweepRefusesNegativeValuesByName(arguments: [String], message: String) throws {
        let dir = try temporaryDirectory()
        try Self.expectRefused(["sweep", "--out", "r.csv", "--time", "1"] + arguments, message, in: dir)
        #expect(!FileManager.default.fileExists(atPath: dir + "/r.csv"))
    }
}
