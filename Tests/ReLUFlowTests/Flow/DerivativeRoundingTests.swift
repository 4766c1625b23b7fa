import Foundation
import Testing
@testable import ReLUFlow

/// The rounding levels of the loss derivatives and of the sliding weights, against the same
/// quantities computed in extended precision, and the run they keep from stalling.
struct DerivativeRoundingTests {
    /// l'(f_i, y_i) of the square loss in Float80 from the state (log-norm), as an independent value.
    func extendedDerivative(_ field: VectorField, state y: [Double], sample i: Int) -> Float80 {
        let m = field.neurons, d = field.dimension
        var f: Float80 = 0
        for j in 0..<m where field.pattern.isActive(i, j) {
            var h: Float80 = 0, norm: Float80 = 0
            for k in 0..<d {
                h += Float80(field.inputs[i * d + k]) * Float80(y[j * d + k])
                norm += Float80(y[j * d + k]) * Float80(y[j * d + k])
            }
            f += Float80(field.signs[j]) * Float80(exp(2 * y[m * d + j])) * h / norm.squareRoot()
        }
        return Float80(field.outputScale) * f - Float80(field.labels[i])
    }

    /// Puts every pair of `field` on the side of its pre-activation at `state`.
    func classify(_ field: VectorField, _ state: [Double]) {
        let m = field.neurons, d = field.dimension
        for i in 0..<field.samples {
            for j in 0..<m {
                let h = (0..<d).reduce(0.0) { $0 + field.inputs[i * d + $1] * state[j * d + $1] }
                field.pattern.active[i * m + j] = h > 0 ? 1 : 0
            }
        }
    }

    /// The field of a random balanced problem at its initial state (outputs of order one), with
    /// labels replaced so that sample 0 is fit to rounding and the others are off by 0.3.
    func fieldNearAFit(seed: UInt64) throws -> (VectorField, [Double]) {
        let problem = try randomProblem(n: 12, d: 4, m: 9, lambda: 0.5, seed: seed)
        let (state, signs) = try Parametrisation.logNorm.state(of: problem.initial)
        let probe = VectorField(problem: problem, parametrisation: .logNorm, signs: signs)
        classify(probe, state)
        probe.evaluate(state, nil)
        var data = problem.data
        for i in 0..<probe.samples { data.labels[i] = probe.outputs[i] + (i == 0 ? 0 : 0.3) }
        let field = VectorField(problem: try FlowProblem(data: data, initial: problem.initial),
                                parametrisation: .logNorm, signs: signs)
        classify(field, state)
        field.evaluate(state, nil)
        return (field, state)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func theLevelBoundsTheRoundingOfEveryDerivative(seed: UInt64) throws {
        let (field, state) = try fieldNearAFit(seed: seed)
        let levels = state.withUnsafeBufferPointer { field.derivativeRoundingLevels(state: $0.baseAddress!) }
        for i in 0..<field.samples {
            let exact = extendedDerivative(field, state: state, sample: i)
            let error = abs(Float80(field.lossDerivatives[i]) - exact)
            #expect(error <= Float80(levels[i]), "sample \(i): error \(error), level \(levels[i])")
            // Not vacuous: the level stays at rounding size (outputs and labels here are O(1)).
            #expect(levels[i] <= 1e-12)
        }
        // The fitted sample's derivative is a rounding error, the others are not.
        #expect(abs(extendedDerivative(field, state: state, sample: 0)) <= Float80(levels[0]))
        #expect(abs(field.lossDerivatives[1]) > 1e6 * levels[1])
    }

    /// A run into the fitted regime (loss ~1e-27) with many neurons in lockstep on the same
    /// surfaces, where the sliding weights become ratios of rounding errors: with the cheaper pairs
    /// after events it used to stop ("no progress: slidingExit ... recurs at the same time"). It now
    /// finishes, within 100 rtol of a run at rtol 1e-11.
    @Test(arguments: [StepType.rkck, .rk2])
    func exitsOnRoundingDoNotStallTheFittedRegime(afterEvents: StepType) throws {
        let data = try Teacher.linear(inputs: .gaussian).sample(n: 7, d: 5, noise: 0.25, seed: 1)
        let net = try Initialization(scale: 1e-6, balance: .balanced, seed: 1).network(width: 30, dimension: 5)
        let problem = try FlowProblem(data: data, initial: net)
        var options = try SolverOptions(endTime: 2000, relativeTolerance: 1e-8, logSpacedSamples: 0)
        options.eventDenseMethod = afterEvents
        let run = try solve(problem, options: options)
        let reference = try solve(problem, options: SolverOptions(endTime: 2000, relativeTolerance: 1e-11,
                                                                  logSpacedSamples: 0))
        #expect(run.statistics.changes.slidingEntries > 100)
        #expect(EventHandlingTests().distance(run.final, reference.final) <= 100 * 1e-8)
    }
}
