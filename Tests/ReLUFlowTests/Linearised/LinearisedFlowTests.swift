import Foundation
import Testing
@testable import ReLUFlow

@Suite struct LinearisedFlowTests {
    func problem(loss: Loss, seed: UInt64, alpha: Double = 1) throws -> FlowProblem {
        let data = loss == .square
            ? try Teacher.relu(neurons: 2).sample(n: 10, d: 4, noise: 0.1, seed: seed)
            : try Teacher.clusters.sample(n: 10, d: 4, noise: 0.1, seed: seed)
        let net = try Initialization(scale: 0.7, balance: .unbalanced, seed: seed).network(width: 6, dimension: 4)
        return try FlowProblem(data: data, initial: net, loss: loss, scaling: OutputScaling(alpha: alpha))
    }

    /// theta' = -(c/n) J^T l'(F_k + J (theta - theta_k)) integrated directly in parameter space.
    func directIntegration(_ problem: FlowProblem, times: [Double]) throws -> [[Double]] {
        let kernel = TangentKernel(network: problem.initial, problem: problem)
        let theta0 = problem.initial.parameterVector
        let n = problem.data.sampleCount, p = theta0.count, c = problem.lossScale
        let ode = SmoothODE(dimension: p, relativeTolerance: 1e-13, absoluteTolerance: 1e-14) { theta, rate in
            let shift = (0..<p).map { theta[$0] - theta0[$0] }
            let f = zip(kernel.outputs, kernel.times(shift)).map { $0 + $1 }
            let g = (0..<n).map { problem.loss.derivative(output: f[$0], label: problem.data.labels[$0]) }
            let step = kernel.transposeTimes(g)
            for c0 in 0..<p { rate[c0] = -c * step[c0] / Double(n) }
        }
        return try ode.solve(from: theta0, at: times)
    }

    /// The closed form (square loss) and the output-space ODE (logistic) against direct
    /// integration of the linearised ODE in parameter space, to 1e-9.
    @Test(arguments: [(Loss.square, UInt64(1), 1.0), (.square, 2, 3.0), (.logistic, 3, 1.0), (.logistic, 4, 0.5)])
    func intervalMatchesDirectIntegration(loss: Loss, seed: UInt64, alpha: Double) throws {
        let problem = try problem(loss: loss, seed: seed, alpha: alpha)
        let times = [0.5, 3, 20, 200]
        let closed = try LinearisedFlow(problem: problem, at: problem.initial).evolve(at: times)
        let direct = try directIntegration(problem, times: times)
        let kernel = TangentKernel(network: problem.initial, problem: problem)
        let theta0 = problem.initial.parameterVector
        for (a, b) in zip(closed, direct) {
            let scale = max(1, b.map(abs).max()!)
            #expect(zip(a.parameters, b).map { abs($0 - $1) }.max()! <= 1e-9 * scale)
            let f = zip(kernel.outputs, kernel.times(zip(b, theta0).map { $0 - $1 })).map { $0 + $1 }
            #expect(zip(a.outputs, f).map { abs($0 - $1) }.max()! <= 1e-9 * max(1, f.map(abs).max()!))
        }
    }

    /// Iterative linearisation converges to the gradient flow at first order in T_r: the
    /// log-log slope of the final-parameter error over T_r = T/8 ... T/64 is 1 (+-0.2).
    @Test func relinearisationConvergesAtFirstOrder() throws {
        let data = try Teacher.relu(neurons: 2).sample(n: 8, d: 3, noise: 0, seed: 5)
        let net = try Initialization(scale: 0.8, balance: .unbalanced, seed: 5).network(width: 6, dimension: 3)
        let problem = try FlowProblem(data: data, initial: net)
        let horizon = 2.0
        let exact = try solve(problem, options: SolverOptions(endTime: horizon, relativeTolerance: 1e-12,
                                                              parametrisation: .weights, logSpacedSamples: 0))
        let reference = exact.final.parameterVector
        let divisions = [8.0, 16, 32, 64]
        let errors = try divisions.map { k in
            let trained = try IterativeLinearisation(problem: problem, endTime: horizon, interval: horizon / k)
            return zip(trained.final.parameterVector, reference).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        }
        let fit = LogLogFit(x: divisions.map { horizon / $0 }, y: errors)
        #expect(abs(fit.slope - 1) <= 0.2, "slope \(fit.slope), errors \(errors)")
    }

    /// With the square loss and an invertible Theta, one interval of length s -> infinity lands
    /// on the linear model's interpolant: the step is the minimum-norm Gauss-Newton step -J^+ r.
    @Test func longIntervalIsGaussNewtonStep() throws {
        let problem = try problem(loss: .square, seed: 7)
        let flow = LinearisedFlow(problem: problem, at: problem.initial)
        let end = try flow.evolve(by: 1e7)
        #expect(zip(end.outputs, problem.data.labels).map { abs($0 - $1) }.max()! < 1e-8)
        // -J^+ r = -J^T Theta^{-1} r with Theta z = r solved by Cholesky (n = 10 < P = 30)
        let r = zip(flow.kernel.outputs, problem.data.labels).map { $0 - $1 }
        let factor = try #require(choleskyFactor(flow.kernel.matrix.storage, size: r.count))
        var z = r
        choleskySolve(factor, size: r.count, &z)
        let gaussNewton = zip(flow.expansionPoint, flow.kernel.transposeTimes(z)).map { $0 - $1 }
        #expect(zip(end.parameters, gaussNewton).map { abs($0 - $1) }.max()! < 1e-7)
    }

    /// The loss scale c is a time change: the flow of c L at time t is the flow of L at c t.
    @Test func lossScaleIsTimeChange() throws {
        let base = try randomProblem(n: 6, d: 3, m: 4, lambda: 0.5, seed: 3)
        var scaled = base
        scaled.lossScale = 0.25
        let a = try solveWeights(base, time: 5, rtol: 1e-11)
        let b = try solveWeights(scaled, time: 20, rtol: 1e-11)
        let diff = zip(a.final.parameterVector, b.final.parameterVector).map { abs($0 - $1) }.max()!
        #expect(diff < 1e-8)
    }

    @Test func badInputIsRefused() throws {
        let problem = try problem(loss: .square, seed: 1)
        #expect(throws: InputError.self) { try IterativeLinearisation(problem: problem, endTime: 1, interval: 0) }
        #expect(throws: InputError.self) { try IterativeLinearisation(problem: problem, endTime: 1, interval: -2) }
        #expect(throws: InputError.self) { try OutputScaling(alpha: 0) }
        #expect(throws: InputError.self) { try OutputScaling(alpha: -1) }
        #expect(throws: InputError.self) { try OutputScaling(alpha: .nan) }
        #expect(throws: InputError(field: "width", value: "7",
                                   reason: "a centred init pairs the neurons as (a, w), (-a, w): m must be even")) {
            try Initialization(scale: 1, seed: 1, centred: true).network(width: 7, dimension: 3)
        }
    }
}
