import Testing
@testable import ReLUFlow

/// Every step type integrates the same Filippov flow: on an instance with sliding (seed 6 slides
/// twice) each agrees with rk8pd at rtol 1e-10 to 1e-7 relative in the final loss (the one-step
/// methods' event location re-steps with the method itself; multistep ones re-step with rk8pd).
@Suite struct StepTypeTests {
    @Test(arguments: [StepType.rkf45, .rkck, .rk4imp, .msadams, .msbdf])
    func stepTypeAgreesWithRK8PD(method: StepType) throws {
        let problem = try randomProblem(n: 6, d: 3, m: 4, lambda: 0.5, seed: 6)
        let reference = try solveWeights(problem, time: 50, rtol: 1e-10)
        #expect(reference.statistics.changes.slidingEntries > 0)
        let other = try solveWeights(problem, time: 50, rtol: 1e-10, method: method)
        let a = reference.samples.last!.loss, b = other.samples.last!.loss
        #expect(abs(a - b) <= 1e-7 * a, "\(method): \(b) vs \(a)")
    }
}
