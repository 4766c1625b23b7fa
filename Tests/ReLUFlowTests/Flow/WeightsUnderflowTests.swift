import Foundation
import Testing
@testable import ReLUFlow

/// The weights formulation refuses scales at which its weights underflow (the flow would stand
/// still at the initial loss); log-norm integrates the same case.
@Suite struct WeightsUnderflowTests {
    @Test func weightsFormulationRefusesUnderflowingScale() throws {
        let data = try Teacher.linear(inputs: .gaussian).sample(n: 10, d: 3, noise: 0.5, seed: 1)
        let net = try Initialization(logScale: -800, seed: 1).network(width: 8, dimension: 3)
        let problem = try FlowProblem(data: data, initial: net)
        do {
            _ = try solve(problem, options: SolverOptions(endTime: 1, parametrisation: .weights))
            Issue.record("the weights formulation ran at log lambda = -800")
        } catch let error as InputError {
            #expect(error.field == "parametrisation")
            #expect(error.reason.contains("log-norm"))
        }
        let logNorm = try solve(problem, options: SolverOptions(endTime: 1, parametrisation: .logNorm))
        #expect(logNorm.samples.last!.logNorms.allSatisfy { $0.isFinite && $0 < -790 })
    }

    @Test func weightsFormulationKeepsNormalScales() throws {
        let data = try Teacher.linear(inputs: .gaussian).sample(n: 10, d: 3, noise: 0.5, seed: 1)
        let net = try Initialization(logScale: -300, seed: 1).network(width: 8, dimension: 3)
        let solution = try solve(FlowProblem(data: data, initial: net), options: SolverOptions(endTime: 1, parametrisation: .weights))
        #expect(solution.samples.last!.logNorms.allSatisfy { $0.isFinite })
    }
}
