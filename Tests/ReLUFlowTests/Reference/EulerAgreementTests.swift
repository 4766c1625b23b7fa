import Foundation
import Testing
@testable import ReLUFlow

/// Acceptance of the solver: on small instances with sliding, ReLUFlow at rtol 1e-10 agrees with
/// Richardson-extrapolated gradient descent (eta = 2e-5 and 1e-5), which has no switching logic.
@Suite struct EulerAgreementTests {
    /// (n, d, m, seed): instances on which the flow slides (checked below).
    static let instances: [(Int, Int, Int, UInt64)] = [(6, 3, 4, 1), (6, 3, 4, 2), (6, 3, 4, 6), (10, 5, 8, 4)]

    @Test(arguments: instances)
    func agreesWithExtrapolatedGradientDescent(n: Int, d: Int, m: Int, seed: UInt64) throws {
        let problem = try randomProblem(n: n, d: d, m: m, lambda: 0.5, seed: seed)
        let time = 50.0
        let solution = try solveWeights(problem, time: time, rtol: 1e-10)
        #expect(solution.statistics.changes.slidingEntries > 0, "the instance must slide")
        let reference = EulerReference.extrapolated(problem, step: 2e-5, time: time)
        // The reference's own convergence first: its two step sizes agree far below the target.
        #expect(reference.halfStepChange <= 1e-5 * reference.loss)
        let loss = solution.samples.last!.loss
        #expect(abs(loss - reference.loss) <= 1e-6 * reference.loss,
                "flow \(loss) reference \(reference.loss)")
        let referenceNetwork = EulerReference.network(reference.parameters, like: problem.initial)
        let scale = euclideanNorm(reference.parameters)
        for j in 0..<m {
            let flowNorm = euclideanNorm(solution.final.hiddenWeight(j))
            let referenceNorm = euclideanNorm(referenceNetwork.hiddenWeight(j))
            #expect(abs(flowNorm - referenceNorm) <= 1e-6 * scale, "neuron \(j + 1)")
            #expect(abs(solution.final.outputWeight(j) - referenceNetwork.outputWeight(j)) <= 1e-6 * scale)
        }
    }
}
