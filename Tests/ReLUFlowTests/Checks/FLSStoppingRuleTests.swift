import Foundation
import Testing
@testable import ReLUFlow

/// The stopping rule of the `fls` runs (proofs-notes/fls-mixture.md): along the flow the logistic
/// risk is at least log 2 - (G/2) S(t), S = sum_j |a_j| ||w_j|| the network's size and
/// G = (1/n) sum_i ||x_i||, and it never rises; so while S < e0 (the alignment phase) the risk
/// stays above eta whenever eta < log 2 - G e0 / 2, and the first time the risk reaches eta
/// comes after the alignment phase.
@Suite struct FLSStoppingRuleTests {
    @Test func riskStaysAboveTheBoundAndStopsAfterAlignment() throws {
        let data = try Teacher.mixture(GaussianMixture(kappa: 1.5, sigma: 1)).sample(n: 30, d: 5, noise: 0, seed: 4)
        let g = (0..<data.sampleCount).reduce(0.0) { $0 + euclideanNorm(data.inputs.row($1)) } / Double(data.sampleCount)
        let net = try Initialization(scale: 1e-3, seed: 4).network(width: 20, dimension: data.dimension)
        let problem = try FlowProblem(data: data, initial: net, loss: .logistic)
        var options = try SolverOptions(endTime: 200, relativeTolerance: 1e-10,
                                        sampleTimes: (1...400).map { Double($0) * 0.5 }, logSpacedSamples: 0)
        let eta = 0.1
        options.stoppingRule = .risk(eta)
        let solution = try solve(problem, options: options)
        let e0 = 2 * (log(2) - eta) / g
        var previous = Double.infinity
        var alignmentEnd: Double?
        var inPhase = 0
        for sample in solution.samples {
            let size = sample.logMagnitudes.reduce(0.0) { $0 + exp($1) }
            #expect(sample.loss >= log(2) - g * size / 2 - 1e-9, "t = \(sample.time)")
            #expect(sample.loss <= previous + 1e-9, "risk rose at t = \(sample.time)")
            previous = sample.loss
            if size < e0 {
                #expect(sample.loss > eta)
                inPhase += 1
            } else if alignmentEnd == nil { alignmentEnd = sample.time }
        }
        #expect(inPhase > 10 && alignmentEnd != nil, "the run must have an alignment phase and leave it")
        let stop = try #require(solution.stop == nil ? nil : solution.endTime)
        #expect(abs(solution.samples.last!.loss - eta) < 1e-8)
        #expect(stop > (alignmentEnd ?? 0))
    }
}
