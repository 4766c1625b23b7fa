import Foundation
import Testing
@testable import ReLUFlow

/// A pre-activation that dips below its surface by far less than the step resolves, and comes back.
///
/// One neuron, two samples in the plane: x_1 = (1, 0) with y_1 = 1 drives the neuron (the loss
/// derivative is ~ -1 while f is ~1e-6), x_2 = (1, -c) with y_2 = 0 is the grazed one. With
/// D ~ (1/2) e_1, the first weight follows p(t) = sqrt(S Q) cosh(k (t - t_m)) (S = w_1 + a,
/// Q = w_1 - a, k ~ 1/2, exp(2 k t_m) = Q / S), and <w, x_2> = p(t) - c w_2. From
/// w = (1.25e-3, 1e-3), a = -0.75e-3: sqrt(S Q) = 1e-3 at t_m = ln 2 / k ~ 1.386, so
/// c = 1 + delta makes <w, x_2> dip to about -delta 1e-3 for a time 2 sqrt(2 delta) / k.
struct GrazingContactTests {
    static func problem(depth delta: Double) throws -> FlowProblem {
        let data = try makeData(x: [[1, 0], [1, -(1 + delta)]], y: [1, 0])
        return try FlowProblem(data: data, initial: makeNetwork(a: [-0.75e-3], w: [[1.25e-3, 1e-3]]))
    }

    static func run(_ problem: FlowProblem, time: Double, rtol: Double, handling: EventHandling) throws -> Solution {
        var options = try SolverOptions(endTime: time, relativeTolerance: rtol, parametrisation: .weights,
                                        logSpacedSamples: 0)
        options.eventHandling = handling
        return try solve(problem, options: options)
    }

    /// Depth 1.6e-10 (1.6e-7 of the weights' size, 10 times the absolute tolerance) for ~2e-3 time
    /// units, inside steps ~100 times longer: found whatever the end time (which sets the steps).
    @Test(arguments: [3.0, 16, 20, 30])
    func aShallowDipIsLocated(time: Double) throws {
        let problem = try Self.problem(depth: 1.6e-7)
        for handling in EventHandling.allCases {
            let solution = try Self.run(problem, time: time, rtol: 1e-8, handling: handling)
            let crossings = solution.events.filter { $0.sample == 1 && $0.isCrossing }
            #expect(crossings.count == 2)
            for event in crossings { #expect(abs(event.time - 2 * log(2)) < 0.01) }
            // The network then stays within 100 rtol of a tight run, whatever the end time.
            let tight = try Self.run(problem, time: time, rtol: 1e-12, handling: .full)
            let a = solution.final.outputWeights + solution.final.hiddenWeights.storage
            let b = tight.final.outputWeights + tight.final.hiddenWeights.storage
            let scale = b.map(abs).max()!
            #expect(zip(a, b).map { abs($0 - $1) }.max()! <= 100 * 1e-8 * scale)
        }
    }

    /// Control: with c = 1 - delta the pre-activation turns just above its surface; nothing is
    /// reported, so the detection above is not a reflex.
    @Test func aNearMissIsNotAnEvent() throws {
        let problem = try Self.problem(depth: -1.6e-7)
        for handling in EventHandling.allCases {
            let solution = try Self.run(problem, time: 16, rtol: 1e-8, handling: handling)
            #expect(solution.events.filter { $0.sample == 1 }.isEmpty)
        }
    }
}
