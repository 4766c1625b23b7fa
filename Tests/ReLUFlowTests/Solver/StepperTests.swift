import Foundation
import Testing
@testable import ReLUFlow

/// What the integrator takes from GSL's driver instead of evaluating the field again.
@Suite struct StepperTests {
    /// A field on a random instance with its pattern set from the signs of the pre-activations.
    func field() throws -> (VectorField, [Double]) {
        let problem = try randomProblem(n: 12, d: 3, m: 5, lambda: 0.5, seed: 7)
        let (state, signs) = try Parametrisation.logNorm.state(of: problem.initial)
        let field = VectorField(problem: problem, parametrisation: .logNorm, signs: signs)
        #expect(field.evaluate(state, nil))
        for p in 0..<field.samples * field.neurons { field.pattern.active[p] = field.preactivations[p] > 0 ? 1 : 0 }
        return (field, state)
    }

    /// After a step of an explicit pair, the reported end velocity is the field evaluated afresh at
    /// the new state, and the field's cached pre-activations are those of the new state.
    @Test(arguments: [StepType.rk8pd, .rkf45, .rkck, .rk4, .rk2])
    func endVelocityIsTheFieldAtTheStepsEnd(type: StepType) throws {
        let (field, start) = try field()
        let stepper = Stepper(type: type, field: field, relativeTolerance: 1e-8, absoluteTolerance: 1e-8)
        #expect(stepper.reportsEndVelocity)
        var y = start, t = 0.0, h = 0.05
        for _ in 0..<3 {
            #expect(stepper.step(t: &t, limit: 1, h: &h, y: &y) == GSLStatus.success)
            let reported = Array(UnsafeBufferPointer(start: stepper.endVelocity, count: y.count))
            let cached = Array(UnsafeBufferPointer(start: field.preactivations, count: field.samples * field.neurons))
            var fresh = [Double](repeating: 0, count: y.count)
            #expect(field.evaluate(y, &fresh))
            #expect(reported == fresh)
            #expect(cached == Array(UnsafeBufferPointer(start: field.preactivations, count: cached.count)))
        }
    }

    /// A step after `reset(startVelocity:)` is the step after a plain reset, bit for bit, with one
    /// evaluation of the field fewer (the start velocity is not evaluated again).
    @Test(arguments: [StepType.rk8pd, .rkck])
    func aGivenStartVelocitySavesOneEvaluation(type: StepType) throws {
        let (field, start) = try field()
        let stepper = Stepper(type: type, field: field, relativeTolerance: 1e-8, absoluteTolerance: 1e-8)
        var velocity = [Double](repeating: 0, count: start.count)
        #expect(field.evaluate(start, &velocity))
        func stepFromStart(_ reset: () -> Void) -> (state: [Double], evaluations: Int) {
            reset()
            var y = start, t = 0.0, h = 0.05
            let before = field.evaluations
            #expect(stepper.step(t: &t, limit: 1, h: &h, y: &y) == GSLStatus.success)
            return (y, field.evaluations - before)
        }
        let plain = stepFromStart { stepper.reset() }
        let given = stepFromStart { stepper.reset(startVelocity: velocity) }
        #expect(given.state == plain.state)
        #expect(plain.evaluations - given.evaluations == 1)
    }
}
