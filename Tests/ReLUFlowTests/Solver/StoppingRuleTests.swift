import Foundation
import Testing
@testable import ReLUFlow

/// The stopping rules as located events.
@Suite struct StoppingRuleTests {
    /// One balanced neuron w = r x/||x||, a = r, one point (x, +1), logistic loss: the margin
    /// m = r^2 ||x|| obeys dm/dt = 2 ||x|| m sigma(-m), so the risk log(1 + e^{-m}) reaches eps
    /// at t* = (1 / (2 ||x||)) integral_{m0}^{m*} (1 + e^m) / m dm, m* = -log(expm1(eps)).
    /// Computed here by composite Simpson in u = log m (smooth integrand 1 + exp(e^u)).
    static func singleNeuronStopTime(norm c: Double, initialMargin m0: Double, eps: Double) -> Double {
        singleNeuronTime(norm: c, from: m0, to: -log(expm1(eps)))
    }

    /// Time for the single neuron's margin to grow from m0 to mStar.
    static func singleNeuronTime(norm c: Double, from m0: Double, to mStar: Double) -> Double {
        let (a, b) = (log(m0), log(mStar))
        let k = 20_000
        let h = (b - a) / Double(k)
        var total = 0.0
        for i in 0...k {
            let u = a + Double(i) * h
            let weight: Double = (i == 0 || i == k) ? 1 : (i % 2 == 1 ? 4 : 2)
            total += weight * (1 + exp(exp(u)))
        }
        return total * h / 3 / (2 * c)
    }

    static func singleNeuronProblem(lambda: Double) throws -> (FlowProblem, norm: Double) {
        let x = [0.6, 0.8, 0.0]
        let data = try makeData(x: [x], y: [1])
        let net = try makeNetwork(a: [lambda], w: [x.map { $0 * lambda }])
        return (try FlowProblem(data: data, initial: net, loss: .logistic), 1)
    }

    /// The located stop agrees with the closed form in time, and the risk there (recomputed from
    /// the final network, not from the integrator) equals eps to 1e-10 relative, in both
    /// formulations.
    @Test(arguments: [Parametrisation.weights, .logNorm])
    func riskStopMatchesClosedForm(parametrisation: Parametrisation) throws {
        let lambda = 0.1, eps = 0.05
        let (problem, c) = try Self.singleNeuronProblem(lambda: lambda)
        var options = try SolverOptions(endTime: 1e6, relativeTolerance: 1e-11, parametrisation: parametrisation,
                                        logSpacedSamples: 0)
        options.stoppingRule = .risk(eps)
        let solution = try solve(problem, options: options)
        let stop = try #require(solution.stop)
        let expected = Self.singleNeuronStopTime(norm: c, initialMargin: lambda * lambda * c, eps: eps)
        #expect(abs(stop.time - expected) <= 1e-8 * expected)
        let risk = solution.final.loss(on: problem.data, loss: .logistic)
        #expect(abs(risk - eps) <= 1e-10 * eps)
        #expect(abs(stop.value - eps) <= 1e-10 * eps)
        #expect(solution.samples.last?.time == stop.time)
        #expect(abs(solution.samples.last!.loss - eps) <= 1e-10 * eps)
    }

    /// Gradient norm of the single neuron: ||grad L|| = sigma(-m) ||x|| sqrt(||w||^2 + a^2)
    /// = sigma(-m) sqrt(2 m ||x||), which rises from 0.07 (m0 = 0.01) and then decays: the stop
    /// at eps = 0.05 is on the decaying side, at the root m* found here by bisection; its time is
    /// the closed-form integral up to m*, in both formulations.
    @Test(arguments: [Parametrisation.weights, .logNorm])
    func gradientNormStopMatchesFormula(parametrisation: Parametrisation) throws {
        let (problem, c) = try Self.singleNeuronProblem(lambda: 0.1)
        let eps = 0.05
        func norm(_ m: Double) -> Double { Loss.sigmoid(-m) * (2 * m * c).squareRoot() }
        var (low, high) = (2.0, 50.0)
        for _ in 0..<200 {
            let mid = 0.5 * (low + high)
            if norm(mid) > eps { low = mid } else { high = mid }
        }
        var options = try SolverOptions(endTime: 1e6, relativeTolerance: 1e-11, parametrisation: parametrisation,
                                        logSpacedSamples: 0)
        options.stoppingRule = .gradientNorm(eps)
        let solution = try solve(problem, options: options)
        let stop = try #require(solution.stop)
        let m = solution.final.outputs(on: problem.data)[0]
        #expect(abs(norm(m) - eps) <= 1e-10 * eps)
        #expect(abs(stop.value - eps) <= 1e-10 * eps)
        let expected = Self.singleNeuronTime(norm: c, from: 0.01 * c, to: low)
        #expect(abs(stop.time - expected) <= 1e-8 * expected)
    }

    /// A switch and the stop in the same accepted step: with eps the risk a hair (delta) after
    /// the first switch, the switch is handled first and the stop lands at t_switch + delta
    /// (the time at which a run without a stop samples that very risk); with eps the risk a hair
    /// before it, the stop comes first and the switch is never applied.
    @Test func switchInsideTheStoppingStep() throws {
        let data = try Teacher.clusters.sample(n: 12, d: 3, noise: 0.2, seed: 3)
        let net = try Initialization(scale: 0.3, seed: 3).network(width: 4, dimension: 3)
        let problem = try FlowProblem(data: data, initial: net, loss: .logistic)
        let free = try solve(problem, options: SolverOptions(endTime: 50, relativeTolerance: 1e-11, logSpacedSamples: 0))
        let tSwitch = try #require(free.events.first).time
        for delta in [1e-7 * tSwitch, -1e-7 * tSwitch] {
            let tHair = tSwitch + delta
            let reference = try solve(problem, options: SolverOptions(endTime: tHair, relativeTolerance: 1e-11,
                                                                      logSpacedSamples: 0))
            var options = try SolverOptions(endTime: 50, relativeTolerance: 1e-11, logSpacedSamples: 0)
            options.stoppingRule = .risk(reference.samples.last!.loss)
            let solution = try solve(problem, options: options)
            let stop = try #require(solution.stop)
            let risk = solution.final.loss(on: problem.data, loss: .logistic)
            #expect(abs(risk - stop.rule.threshold) <= 1e-10 * stop.rule.threshold)
            #expect(abs(stop.time - tHair) <= 1e-9 * tSwitch)
            if delta > 0 {
                #expect(abs((solution.events.first?.time ?? 0) - tSwitch) <= 1e-9 * tSwitch)
            } else {
                #expect(solution.events.allSatisfy { $0.time < tHair })
                #expect(solution.events.count == reference.events.count)
            }
        }
    }

    /// eps <= 0, not finite, or at/above the initial value: a clear error naming the parameter.
    @Test func badThresholds() throws {
        let (problem, _) = try Self.singleNeuronProblem(lambda: 0.1)
        let initialRisk = problem.initial.loss(on: problem.data, loss: .logistic)
        for rule in [StoppingRule.risk(0), .risk(-1), .risk(.nan), .gradientNorm(0), .risk(initialRisk + 0.1),
                     .gradientNorm(1e3)] {
            var options = try SolverOptions(endTime: 10)
            options.stoppingRule = rule
            #expect {
                try solve(problem, options: options)
            } throws: { error in
                (error as? InputError)?.field == rule.parameter
            }
        }
    }

    /// A stop beyond the end time leaves the run unchanged: no stop, same end state.
    @Test func unreachedStopChangesNothing() throws {
        let problem = try randomProblem(n: 8, d: 3, m: 5, lambda: 0.5, seed: 2)
        let plain = try solveWeights(problem, time: 2, rtol: 1e-10)
        var options = try SolverOptions(endTime: 2, relativeTolerance: 1e-10, parametrisation: .weights,
                                        logSpacedSamples: 0)
        options.stoppingRule = .risk(1e-9)
        let stopped = try solve(problem, options: options)
        #expect(stopped.stop == nil)
        #expect(stopped.final.parameterVector == plain.final.parameterVector)
    }

    /// The model of ||theta'||^2 inside a step is exact for a quadratic profile: v^2(s) = 1 - 1.5 s
    /// + s^2 on a step of length 2 (c = 1) has mean 7/12, so the risk falls by 7/6; its minimum
    /// 0.4375 at s = 0.75 is found for eps^2 above it and not below.
    @Test func gradientNormModelIsExactForAQuadraticProfile() throws {
        let dip = try #require(GradientNormDip(v0: 1, v1: 0.5.squareRoot(), riskDrop: 7.0 / 6, span: 2, lossScale: 1,
                                               threshold: 0.7))
        #expect(abs(dip.fraction - 0.75) <= 1e-14)
        #expect(abs(dip.squaredNorm - 0.4375) <= 1e-14)
        #expect(GradientNormDip(v0: 1, v1: 0.5.squareRoot(), riskDrop: 7.0 / 6, span: 2, lossScale: 1, threshold: 0.66) == nil)
    }

    /// One neuron f = a relu(w x), x = 1, y = 1, square loss, from a = -0.1, w = 0.100005: the flow
    /// passes near the saddle a = w = 0 (a^2 - w^2 = -1e-6 is conserved, so a turns positive
    /// at w = 1e-3), and ||grad L|| = |aw - 1| sqrt(a^2 + w^2) dips to ~1e-3 there for a time of
    /// order 0.1 before it grows again. At rtol 1e-6 the steps are longer than the dip: the stop is
    /// found by the dip check (an excursion), at the time a reference finds with steps capped at
    /// 0.01 by dense samples and rtol 1e-12 (the later crossing, when the fit ends, is at t ~ 16.5).
    @Test(arguments: [1.05e-3, 1.01e-3])
    func gradientNormDipInsideAStepIsFound(eps: Double) throws {
        let data = try makeData(x: [[1]], y: [1])
        let net = try makeNetwork(a: [-0.1], w: [[0.100005]])
        let problem = try FlowProblem(data: data, initial: net, loss: .square)
        var loose = try SolverOptions(endTime: 40, relativeTolerance: 1e-6, logSpacedSamples: 0)
        loose.stoppingRule = .gradientNorm(eps)
        var dense = try SolverOptions(endTime: 40, relativeTolerance: 1e-12, sampleTimes: (1...4000).map { Double($0) * 0.01 },
                                      logSpacedSamples: 0)
        dense.stoppingRule = .gradientNorm(eps)
        let (found, reference) = (try solve(problem, options: loose), try solve(problem, options: dense))
        let (t, tReference) = (try #require(found.stop).time, try #require(reference.stop).time)
        #expect(tReference < 6)
        #expect(abs(t - tReference) <= 1e-4 * tReference, "t* \(t) against \(tReference)")
        #expect(found.statistics.excursions >= 1)
    }
}
