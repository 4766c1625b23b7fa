import Foundation
import Testing
@testable import ReLUFlow

/// The logistic loss at every scale: per-sample values and slopes at extreme margins, and
/// flows stopped at a target risk from tiny (log-norm) and large initializations.
@Suite struct LogisticRobustnessTests {
    /// log(1 + e^{-m}) against its asymptotic forms: e^{-m}(1 - e^{-m}/2) for m = 40 (the naive
    /// form rounds 1 + e^{-40} to 1 and gives 0) and |m| + e^{-|m|} for m = -40; exactly 0 and
    /// |m| at m = +-1e6 for either label; the slope -y sigma(-y f) likewise.
    @Test func extremeMarginsBothLabels() {
        let e40 = exp(-40.0)
        for y in [1.0, -1.0] {
            #expect(abs(Loss.logistic.value(output: 40 * y, label: y) - e40 * (1 - e40 / 2)) <= 1e-15 * e40)
            #expect(Loss.logistic.value(output: -40 * y, label: y) == 40 + e40)
            #expect(Loss.logistic.value(output: 1e6 * y, label: y) == 0)
            #expect(Loss.logistic.value(output: -1e6 * y, label: y) == 1e6)
            #expect(Loss.logistic.derivative(output: 1e6 * y, label: y) == 0)
            #expect(Loss.logistic.derivative(output: -1e6 * y, label: y) == -y)
            #expect(abs(Loss.logistic.derivative(output: 40 * y, label: y) + y * e40 / (1 + e40)) <= 1e-15 * e40)
        }
        // Tiny margins: log 2 - m/2 + m^2/8 (next term ~ m^4, far below) to 2 ulp of log 2.
        let m = 1e-9
        #expect(abs(Loss.logistic.value(output: m, label: 1) - (log(2) - m / 2 + m * m / 8)) <= 2 * log(2).ulp)
    }

    /// A network whose outputs are +-1e6 and +-1e3: the risk is the mean of the positive parts of
    /// the negative margins, finite, with no NaN from exp overflow.
    @Test func riskOfHugeOutputs() throws {
        let data = try makeData(x: [[1, 0], [0, 1], [1, 1], [-1, 0]], y: [1, -1, -1, 1])
        let net = try makeNetwork(a: [1e3, -1e3], w: [[1e3, 0], [0, 1]])
        // f = (1e6, -1e3, 1e6 - 1e3, 0): margins 1e6, 1e3, -(1e6 - 1e3), 0.
        let risk = net.loss(on: data, loss: .logistic)
        #expect(abs(risk - (1e6 - 1e3 + log(2)) / 4) <= 1e-15 * risk)
    }

    static func clusterProblem(_ initialization: Initialization) throws -> FlowProblem {
        let data = try Teacher.clusters.sample(n: 30, d: 4, noise: 0.1, seed: 11)
        return try FlowProblem(data: data, initial: initialization.network(width: 12, dimension: 4), loss: .logistic)
    }

    static func stopped(_ problem: FlowProblem, eps: Double, parametrisation: Parametrisation? = nil,
                        endTime: Double = 1e5) throws -> Solution {
        var options = try SolverOptions(endTime: endTime, relativeTolerance: 1e-10, parametrisation: parametrisation,
                                        logSpacedSamples: 0)
        options.stoppingRule = .risk(eps)
        return try solve(problem, options: options)
    }

    /// lambda = 1e-3: the log-norm and weights formulations (two different ODEs) stop at the
    /// same time, and the risk there, recomputed from the final network, is eps.
    @Test func formulationsAgreeOnTheStop() throws {
        let problem = try Self.clusterProblem(Initialization(scale: 1e-3, seed: 11))
        let logNorm = try Self.stopped(problem, eps: 0.25, parametrisation: .logNorm)
        let weights = try Self.stopped(problem, eps: 0.25, parametrisation: .weights)
        let (a, b) = (try #require(logNorm.stop).time, try #require(weights.stop).time)
        #expect(abs(a - b) <= 1e-6 * a)
        for s in [logNorm, weights] {
            #expect(abs(s.final.loss(on: problem.data, loss: .logistic) - 0.25) <= 1e-9 * 0.25)
        }
    }

    /// lambda = e^{-3000} (far below the smallest double, log-norm only) reaches the target;
    /// the escape takes ~ log(1/lambda) / rate longer than from e^{-1000}: both stop times are
    /// finite and ordered, and the risks at the stop are eps.
    @Test func tinyInitializationsReachTheTarget() throws {
        var times: [Double] = []
        for logScale in [-1000.0, -3000.0] {
            let problem = try Self.clusterProblem(Initialization(logScale: logScale, seed: 11))
            let solution = try Self.stopped(problem, eps: 0.3, endTime: 1e7)
            let stop = try #require(solution.stop)
            #expect(stop.time.isFinite)
            #expect(abs(stop.value - 0.3) <= 1e-9 * 0.3)
            times.append(stop.time)
        }
        #expect(times[1] > times[0])
    }

    /// lambda = 10 (margins ~ 1e2 at t = 0, risk far above log 2): the run stops at eps with a
    /// finite, non-increasing risk at every sample.
    @Test func largeInitializationReachesTheTarget() throws {
        let problem = try Self.clusterProblem(Initialization(scale: 10, seed: 11))
        let initialRisk = problem.initial.loss(on: problem.data, loss: .logistic)
        #expect(initialRisk.isFinite && initialRisk > 1)
        var options = try SolverOptions(endTime: 1e3, relativeTolerance: 1e-10, logSpacedSamples: 12)
        options.stoppingRule = .risk(0.01)
        let solution = try solve(problem, options: options)
        let stop = try #require(solution.stop)
        let losses = solution.samples.map(\.loss)
        #expect(losses.allSatisfy { $0.isFinite })
        #expect(zip(losses, losses.dropFirst()).allSatisfy { $1 <= $0 * (1 + 1e-12) })
        #expect(abs(solution.final.loss(on: problem.data, loss: .logistic) - 0.01) <= 1e-9 * 0.01)
        #expect(stop.time < 1e3)
    }
}
