import Foundation
import Numerics
import Testing
@testable import ReLUFlow

/// Trajectories with closed forms (derivations in proofs-notes/closed-forms.md).
@Suite struct ClosedFormTests {
    /// One balanced neuron aligned with one point: h = <w, x> a is logistic,
    /// h(t) = y / (1 + (y/h0 - 1) exp(-2 ||x|| y t)).
    @Test(arguments: [Parametrisation.weights, .logNorm])
    func alignedNeuronIsLogistic(parametrisation: Parametrisation) throws {
        let x = [1.2, -0.5, 0.0], y = 0.8, lambda = 1e-3
        let xNorm = euclideanNorm(x)
        let data = try makeData(x: [x], y: [y])
        let net = try makeNetwork(a: [lambda], w: [x.map { lambda * $0 / xNorm }])
        let problem = try FlowProblem(data: data, initial: net)
        let h0 = lambda * lambda * xNorm
        let halfFit = log(y / h0 - 1) / (2 * xNorm * y)
        let times = (1...12).map { Double($0) * halfFit / 4 }
        let solution = try solve(problem, options: SolverOptions(endTime: 3 * halfFit, relativeTolerance: 1e-10,
                                                                 parametrisation: parametrisation,
                                                                 sampleTimes: times, logSpacedSamples: 0))
        for sample in solution.samples {
            let exact = y / (1 + (y / h0 - 1) * exp(-2 * xNorm * y * sample.time))
            let a = sample.outputWeights[0]
            let h = a * exp(sample.logNorms[0]) * dot(sample.directions.row(0), x)
            #expect(h.isApproximatelyEqual(to: exact, relativeTolerance: 1e-8), "t = \(sample.time)")
        }
    }

    /// Started misaligned, the part of w orthogonal to x never moves (dw/dt is parallel to x).
    @Test func orthogonalPartIsConstant() throws {
        let x = [1.0, 0.0], y = 1.0
        let w0 = [0.3 * cos(0.5), 0.3 * sin(0.5)]
        let problem = try FlowProblem(data: makeData(x: [x], y: [y]), initial: makeNetwork(a: [0.3], w: [w0]))
        let solution = try solveWeights(problem, time: 20, rtol: 1e-10)
        let w = solution.final.hiddenWeight(0)
        #expect(abs(w[1] - w0[1]) <= 1e-14)
        #expect(solution.final.loss(on: problem.data, loss: .square) < 1e-12)
    }

    /// A neuron with the wrong output sign (a = -||w||, y > 0) reaches <w, x> = 0 at the time
    /// t* = int_0^{s*} ds / (y + p(s) c(s)), c(s) = ||x|| tanh(phi0 - ||x|| s),
    /// p(s) = p0 cosh^2(phi0 - ||x|| s) / cosh^2(phi0), s* = phi0 / ||x||, and is frozen after it.
    @Test func wrongSignNeuronDeactivatesAtPredictedTime() throws {
        let x = [2.0, 0.0], y = 1.5
        let angle = Double.pi / 6, r = 0.7
        let w0 = [r * cos(angle), r * sin(angle)]
        let problem = try FlowProblem(data: makeData(x: [x], y: [y]), initial: makeNetwork(a: [-r], w: [w0]))
        let xNorm = 2.0, c0 = dot(w0, x) / r, p0 = r * r
        let phi0 = atanh(c0 / xNorm)
        let sStar = phi0 / xNorm
        func integrand(_ s: Double) -> Double {
            let c = xNorm * tanh(phi0 - xNorm * s)
            let p = p0 * pow(cosh(phi0 - xNorm * s), 2) / pow(cosh(phi0), 2)
            return 1 / (y + p * c)
        }
        let predicted = simpson(integrand, from: 0, to: sStar, intervals: 20_000)
        let solution = try solveWeights(problem, time: 3 * predicted, rtol: 1e-10, at: [2 * predicted])
        let crossing = try #require(solution.events.first)
        #expect(solution.events.count == 1)
        #expect(crossing.time.isApproximatelyEqual(to: predicted, relativeTolerance: 1e-8))
        // Frozen exactly: the state at 2 t* and 3 t* is the same to the last bit.
        let last = solution.samples.suffix(2).map { $0.logNorms + $0.outputWeights + $0.directions.storage }
        #expect(last[0] == last[1])
        #expect(solution.samples.last!.activePairs == 0)
    }

    /// Composite Simpson rule (the integrand is smooth: error ~ h^4).
    private func simpson(_ f: (Double) -> Double, from a: Double, to b: Double, intervals k: Int) -> Double {
        let h = (b - a) / Double(k)
        var sum = f(a) + f(b)
        for i in 1..<k { sum += f(a + Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
        return sum * h / 3
    }
}
