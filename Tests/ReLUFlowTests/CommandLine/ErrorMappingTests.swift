import Foundation
import Testing

/// The library's errors name parameters (`parametrisation`); the command line names the flags
/// that set them (`--formulation`).
@Suite struct ErrorMappingTests {
    @Test(arguments: [
        (["run", "--data", "/nonexistent/d.csv"], "--data = /nonexistent/d.csv:"),
        (["run", "--init", "/nonexistent/i.csv"], "--init = /nonexistent/i.csv:"),
        (["run", "--balance", "unbalanced", "--formulation", "log-norm"], "--formulation = log-norm:"),
        (["run", "--log-lambda", "nan"], "--log-lambda = nan:"),
        (["run", "--centred", "--m", "7"], "--m = 7:"),
        (["run", "--lambda", "1", "--log-lambda", "-2"], "give --lambda or --log-lambda, not both"),
        (["run", "--stop-at-risk", "0.1", "--stop-at-grad-norm", "0.1"], "not both"),
        (["sweep", "--out", "r.csv", "--sweep", "m=2,4", "--sweep", "m=6"], "--sweep m = m: the parameter is swept twice"),
        (["fls", "--over", "q=1,2"], "--over = q: not an experiment parameter"),
        (["run", "--teacher", "mixture", "--kappa", "-1"], "--kappa = -1.0:"),
        (["run", "--teacher", "mixture", "--sigma", "0"], "--sigma = 0.0:"),
        (["sweep", "--out", "r.csv", "--teacher", "mixture", "--sweep", "sigma=1,nan"], "--sigma = nan:"),
        (["fls", "--teacher", "mixture", "--sigma", "inf"], "--sigma = inf:"),
        (["fls", "--teacher", "mixture", "--over", "kappa=1,-2"], "--over kappa = -2:"),
        (["fls", "--over", "kappa=1,2"], "--over = kappa: kappa and sigma are parameters of the mixture task only"),
    ])
    func messagesNameTheFlag(arguments: [String], message: String) throws {
        let dir = try temporaryDirectory()
        let result = try runProcess(try reluflowExecutable(), arguments, in: dir)
        #expect(result.status != 0, "\(arguments) was accepted")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }
}
