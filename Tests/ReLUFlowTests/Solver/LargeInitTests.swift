import Foundation
import Testing
@testable import ReLUFlow

/// Large initializations (the lazy regime). Homogeneity gives an independent reference: with
/// f(x; s theta) = s^2 f(x; theta), the flow from s theta0 on labels y is s phi(s^2 t), where phi
/// is the flow from theta0 on labels y / s^2 (same loss; derivation in proofs-notes/homogeneity.md).
/// The reference run is at scale 1, where nothing is large.
@Suite struct LargeInitTests {
    func discrepancy(s: Double, parametrisation: Parametrisation, endTime: Double) throws -> Double {
        let data = try Teacher.linear(inputs: .gaussian).sample(n: 10, d: 3, noise: 0.5, seed: 1)
        let balance: Initialization.Balance = parametrisation == .logNorm ? .balanced : .unbalanced
        let base = try Initialization(scale: 1, balance: balance, seed: 1).network(width: 8, dimension: 3)
        let big = try Network(outputWeights: base.outputWeights.map { s * $0 },
                              hiddenWeights: Matrix(rows: 8, columns: 3, storage: base.hiddenWeights.storage.map { s * $0 }))
        let small = try Dataset(inputs: data.inputs, labels: data.labels.map { $0 / (s * s) })
        let times = [0.25, 0.5, 1].map { $0 * endTime }
        var options = try SolverOptions(endTime: endTime, relativeTolerance: 1e-10, parametrisation: parametrisation,
                                        sampleTimes: times, logSpacedSamples: 0)
        let a = try solve(FlowProblem(data: data, initial: big), options: options)
        options = try SolverOptions(endTime: s * s * endTime, relativeTolerance: 1e-10, parametrisation: parametrisation,
                                    sampleTimes: times.map { s * s * $0 }, logSpacedSamples: 0)
        let b = try solve(FlowProblem(data: small, initial: base), options: options)
        var worst = 0.0
        for (x, y) in zip(a.samples, b.samples) {
            let pa = x.network.parameterVector, pb = y.network.parameterVector.map { s * $0 }
            worst = max(worst, euclideanDistance(pa, pb) / euclideanNorm(pa))
        }
        return worst
    }

    /// Failed before: the first trial step (1e-3) overflowed exp(2 rho) at lambda = 100 and the
    /// run stopped at t = 0 with f = nan, whatever the tolerance.
    @Test(arguments: [Parametrisation.logNorm, .weights])
    func largeInitFollowsHomogeneity(parametrisation: Parametrisation) throws {
        #expect(try discrepancy(s: 100, parametrisation: parametrisation, endTime: 5e-2) < 1e-7)
        #expect(try discrepancy(s: 1000, parametrisation: parametrisation, endTime: 5e-4) < 1e-7)
    }

    /// Negative control: the reference at the wrong time scale (s instead of s^2) is far off.
    @Test func wrongTimeScaleIsSeen() throws {
        let data = try Teacher.linear(inputs: .gaussian).sample(n: 10, d: 3, noise: 0.5, seed: 1)
        let s = 100.0
        let base = try Initialization(scale: 1, seed: 1).network(width: 8, dimension: 3)
        let big = try Initialization(scale: s, seed: 1).network(width: 8, dimension: 3)
        let small = try Dataset(inputs: data.inputs, labels: data.labels.map { $0 / (s * s) })
        let a = try solve(FlowProblem(data: data, initial: big), options: SolverOptions(endTime: 5e-2, logSpacedSamples: 0))
        let b = try solve(FlowProblem(data: small, initial: base), options: SolverOptions(endTime: s * 5e-2, logSpacedSamples: 0))
        let pa = a.final.parameterVector, pb = b.final.parameterVector.map { s * $0 }
        #expect(euclideanDistance(pa, pb) / euclideanNorm(pa) > 1e-2)
    }
}
