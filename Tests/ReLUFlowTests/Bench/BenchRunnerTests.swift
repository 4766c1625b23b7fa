import Foundation
import Testing
@testable import ReLUFlow

@Suite("Bench runner with a gradient-descent reference")
struct BenchRunnerTests {
    @Test func peerReferenceIsRichardsonExtrapolatedDescent() throws {
        let script = try #require(BenchPeers.locate(BenchPeers.gradientDescentScript, executable: nil))
        let peer = PeerProcess(script: script, python: try BenchPeersTests.python())
        let benchCase = BenchCase(name: "short", group: "short", n: 6, d: 3, m: 4, noise: 0.5, seed: 1,
                                  logLambda: log(0.5), time: 2, reference: .peerGradientDescent, matchedPeerAtol: false,
                                  flowRuns: [(.rk8pd, 1e-10)], scipyMethods: [])
        let directory = try temporaryDirectory()
        let runner = BenchRunner(gradientDescentSteps: [1e-2, 5e-3, 2.5e-3], scipy: nil, gradientDescent: peer,
                                 peerCap: 120, directory: directory)
        let result = try runner.run(benchCase, quick: false)
        #expect(result.rows.filter { $0.solver == "numpy" && $0.outcome == .finished }.count == 3)
        // The same extrapolations from ReLUFlow's own Euler loop in Swift (a second implementation
        // of gradient descent): the reference 2 theta(h/2) - theta(h) with h = 1e-2, its loss
        // 2 L(h/2) - L(h), and its resolution, the gap to the extrapolation from h/2 and h/4.
        let problem = try FlowProblem(data: Dataset(csvPath: directory + "/short-data.csv"),
                                      initial: Network(csvPath: directory + "/short-init.csv"))
        func descent(_ step: Double) -> (loss: Double, theta: [Double]) {
            let theta = EulerReference.descend(problem, step: step, time: 2)
            return (EulerReference.network(theta, like: problem.initial).loss(on: problem.data, loss: problem.loss), theta)
        }
        let (coarse, middle, fine) = (descent(1e-2), descent(5e-3), descent(2.5e-3))
        func extrapolated(_ a: (loss: Double, theta: [Double]), _ b: (loss: Double, theta: [Double]))
            -> (loss: Double, theta: [Double]) {
            (2 * b.loss - a.loss, zip(b.theta, a.theta).map { 2 * $0 - $1 })
        }
        let first = extrapolated(coarse, middle), second = extrapolated(middle, fine)
        #expect(abs(result.referenceLoss - first.loss) < 1e-12 * first.loss)
        let scale = first.theta.reduce(0) { max($0, abs($1)) }
        let gap = max(abs(second.loss - first.loss) / first.loss,
                      zip(second.theta, first.theta).reduce(0) { max($0, abs($1.0 - $1.1)) } / scale)
        #expect(abs(result.floor - gap) < 1e-6 * gap, "resolution \(result.floor), expected \(gap)")
        // Errors of runs against their own extrapolation are not presented as measurements.
        let text = BenchTable.text(result)
        #expect(text.contains("not independent") && !text.contains("observed order"), "\(text)")
    }
}
