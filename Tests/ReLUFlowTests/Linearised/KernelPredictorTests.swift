import Foundation
import Testing
@testable import ReLUFlow

/// The kernel predictor stopped at a target risk: against a closed form, its own risk, a second
/// evaluation of its outputs, and the lazy limit in which the network follows it.
@Suite struct KernelPredictorTests {
    /// One sample, square loss: r(t) = exp(-c K t) r_0 with K = ||J||^2, so the risk r^2/2 reaches
    /// eps at t = log(r_0^2 / (2 eps)) / (2 c K). K by hand: sum_j a_j^2 ||x||^2 1[h_j > 0] + relu(h_j)^2.
    @Test(arguments: [1.0, 0.25])
    func stopTimeMatchesTheClosedForm(alpha: Double) throws {
        let data = try Dataset(inputs: Matrix(rows: 1, columns: 2, storage: [1.5, -0.5]), labels: [2])
        let net = try Network(outputWeights: [0.7, -0.4, 0.3],
                          hiddenWeights: Matrix(rows: 3, columns: 2, storage: [0.5, 0.2, -0.3, 0.6, 0.4, -0.1]))
        let problem = try FlowProblem(data: data, initial: net, loss: .square, scaling: OutputScaling(alpha: alpha))
        var k = 0.0, f0 = 0.0
        for j in 0..<3 {
            let h = 1.5 * net.hiddenWeights[j, 0] - 0.5 * net.hiddenWeights[j, 1]
            guard h > 0 else { continue }
            k += alpha * alpha * (net.outputWeights[j] * net.outputWeights[j] * 2.5 + h * h)
            f0 += alpha * net.outputWeights[j] * h
        }
        let r0 = f0 - 2, eps = 1e-3
        let expected = log(r0 * r0 / (2 * eps)) / (2 * problem.lossScale * k)
        let predictor = try KernelPredictor(problem: problem, risk: eps)
        let t = try #require(predictor.stopTime)
        #expect(abs(t - expected) <= 1e-10 * expected)
        #expect(abs(predictor.risk - eps) <= 1e-10 * eps)
    }

    /// Logistic loss on random instances: the risk at the stop is eps to 1e-10, and the outputs
    /// rebuilt from the parameters (f_0 + J dtheta, evaluated neuron by neuron) equal the
    /// integrated outputs.
    @Test(arguments: [UInt64(1), 2, 3])
    func logisticStopIsAtTheTargetRisk(seed: UInt64) throws {
        let task = try ClassificationTask(n: 12, nTest: 10, d: 3, teacherNeurons: 2, flip: 0.1, seed: seed)
        for scale in [1e-3, 1.0, 10] {
            let net = try Initialization(scale: scale, seed: seed).network(width: 8, dimension: 3)
            let problem = try FlowProblem(data: task.train, initial: net, loss: .logistic)
            let eps = 0.05
            let predictor = try KernelPredictor(problem: problem, risk: eps)
            #expect(predictor.stopTime != nil)
            let risk = zip(predictor.trainOutputs, task.train.labels)
                .reduce(0.0) { $0 + Loss.logistic.value(output: $1.0, label: $1.1) } / 12
            #expect(abs(risk - eps) <= 1e-10 * eps)
            let rebuilt = predictor.outputs(on: task.train)
            let size = predictor.trainOutputs.map(abs).max()!
            for (a, b) in zip(rebuilt, predictor.trainOutputs) { #expect(abs(a - b) <= 1e-8 * size) }
        }
    }

    /// Lazy limit (output alpha g on L / alpha^2, centred init so f_0 = 0): the network stopped at
    /// eps differs from the kernel predictor by O(1/alpha^2). The displacement is O(1/alpha), and the
    /// only second-order term of alpha g, alpha da_j <dw_j, x> 1[h_j > 0], cancels within each
    /// centred pair (a, w), (-a, w): to first order the pair moves by (da, dw) and (da, -dw). So the
    /// distance falls by a factor 100 +- 15% from alpha = 30 to 300. (An uncentred init starts at
    /// outputs O(alpha) and is not lazy here: the distance stayed ~0.14 at both alphas.)
    @Test func networkFollowsTheKernelPredictorInTheLazyLimit() throws {
        let data = try Teacher.relu(neurons: 2).sample(n: 8, d: 3, noise: 0.1, seed: 4)
        let net = try Initialization(scale: 1, balance: .unbalanced, seed: 4, centred: true).network(width: 20, dimension: 3)
        var distances: [Double] = []
        for alpha in [30.0, 300] {
            let problem = try FlowProblem(data: data, initial: net, loss: .square, scaling: OutputScaling(alpha: alpha))
            let initialRisk = net.loss(on: data, loss: .square, outputScale: problem.outputScale)
            var options = try SolverOptions(endTime: 1e4, relativeTolerance: 1e-11)
            options.stoppingRule = .risk(0.1 * initialRisk)
            let solution = try solve(problem, options: options)
            #expect(solution.stop != nil)
            let kernel = try KernelPredictor(problem: problem, risk: 0.1 * initialRisk)
            let f = solution.final.outputs(on: data, outputScale: problem.outputScale)
            distances.append(KernelComparison(network: f, kernel: kernel, test: data).distance)
        }
        #expect(abs(distances[0] / distances[1] - 100) <= 15, "distances \(distances)")
    }

    @Test func badTargetRiskIsRefused() throws {
        let task = try ClassificationTask(n: 6, nTest: 6, d: 2, teacherNeurons: 1, flip: 0, seed: 1)
        let net = try Initialization(scale: 1, seed: 1).network(width: 4, dimension: 2)
        let problem = try FlowProblem(data: task.train, initial: net, loss: .logistic)
        #expect(throws: InputError.self) { try KernelPredictor(problem: problem, risk: 0) }
        #expect(throws: InputError.self) { try KernelPredictor(problem: problem, risk: -.infinity) }
    }
}
