import Foundation
import Testing
@testable import ReLUFlow

/// The neuron-by-neuron start against full restarts, on random instances with sliding.
struct EventHandlingTests {
    static let seeds: [UInt64] = [1, 2, 3, 4]
    /// With 42 and 47: before sliding exits on surfaces that stop attracting were found, both
    /// handlings ended 1.5e-6 to 3.5e-6 from the reference there (4 of 120 runs on seeds 5 to 64).
    static let agreementSeeds: [UInt64] = seeds + [42, 47]

    func solveWith(_ problem: FlowProblem, _ handling: EventHandling, rtol: Double, time: Double,
                   at times: [Double] = [], budgetScale: Double = 1,
                   crossingsPerRound: Double = SolverLimits.decoupledCrossingsPerRound,
                   afterEvents: StepType? = SolverOptions.defaultEventDenseMethod,
                   stepEndScale: Double = 1, aims: Bool = true, aimedScale: Double = 1) throws -> Solution {
        var options = try SolverOptions(endTime: time, relativeTolerance: rtol, sampleTimes: times, logSpacedSamples: 0)
        options.eventHandling = handling
        options.eventDenseMethod = afterEvents
        options.decoupledBudgetScale = budgetScale
        options.decoupledCrossingsPerRound = crossingsPerRound
        options.stepEndBudgetScale = stepEndScale
        options.aimsSteps = aims
        options.aimedStepBudgetScale = aimedScale
        return try solve(problem, options: options)
    }

    /// Largest parameter difference relative to the largest parameter, over a_j and w_j.
    func distance(_ x: Network, _ y: Network) -> Double {
        let p = x.materialised(), q = y.materialised()
        let a = p.outputWeights + p.hiddenWeights.storage, b = q.outputWeights + q.hiddenWeights.storage
        let scale = b.map(abs).max()!
        return zip(a, b).map { abs($0 - $1) }.max()! / scale
    }

    @Test(arguments: agreementSeeds)
    func bothHandlingsAgreeToTheTolerance(seed: UInt64) throws {
        let problem = try randomProblem(n: 24, d: 3, m: 10, lambda: 1e-6, seed: seed)
        let rtol = 1e-9
        let full = try solveWith(problem, .full, rtol: rtol, time: 40)
        let neuronwise = try solveWith(problem, .neuronwise, rtol: rtol, time: 40)
        let reference = try solveWith(problem, .full, rtol: 1e-13, time: 40)
        #expect(neuronwise.statistics.decoupledEvents > 0)
        #expect(neuronwise.statistics.stepEndCrossings > 0)
        #expect(neuronwise.statistics.aimedSteps + neuronwise.statistics.burstSteps > 0)
        #expect(distance(neuronwise.final, full.final) <= 100 * rtol)
        #expect(distance(neuronwise.final, reference.final) <= 100 * rtol)
        // Without aimed steps: every crossing restarted by a full evaluation.
        let unaimed = try solveWith(problem, .neuronwise, rtol: rtol, time: 40, aims: false)
        #expect(unaimed.statistics.aimedSteps == 0)
        #expect(distance(unaimed.final, reference.final) <= 100 * rtol)
        // One step type throughout, and the (4, 5) pair after events, on both paths, to the same tolerance.
        for handling in EventHandling.allCases {
            for afterEvents in [nil, StepType.rkck] {
                let other = try solveWith(problem, handling, rtol: rtol, time: 40, afterEvents: afterEvents)
                #expect(distance(other.final, reference.final) <= 100 * rtol)
            }
        }
    }

    @Test func theInstancesSlide() throws {
        var entries = 0
        for seed in Self.seeds {
            let problem = try randomProblem(n: 24, d: 3, m: 10, lambda: 1e-6, seed: seed)
            entries += try solveWith(problem, .neuronwise, rtol: 1e-9, time: 40).statistics.changes.slidingEntries
        }
        #expect(entries > 0)
    }

    /// The estimate's claim: at the hand-over the state is within the relative tolerance (the
    /// accumulated perturbation, measured round by round) of the flow, here a tight full run
    /// sampled there; a run to the hand-over time hands over there (the plan does not depend on
    /// the end time).
    @Test(arguments: [1e-6, 1e-8, 1e-10])
    func theHandOverStateIsWithinTheTolerance(rtol: Double) throws {
        let problem = try randomProblem(n: 24, d: 3, m: 10, lambda: 1e-6, seed: 5)
        let probe = try solveWith(problem, .neuronwise, rtol: rtol, time: 40)
        let handOver = probe.statistics.decoupledUntil
        #expect(handOver > 0)
        let decoupled = try solveWith(problem, .neuronwise, rtol: rtol, time: handOver)
        #expect(decoupled.statistics.decoupledUntil == handOver)
        let reference = try solveWith(problem, .full, rtol: 1e-13, time: handOver)
        #expect(distance(decoupled.final, reference.final) <= rtol)
    }

    /// Negative control: the same start with a budget a million times its share of the tolerance
    /// (rounds far longer than the spend allows) hands over later, and at the budgeted start's
    /// hand-over time it is more than 100 rtol from the flow (320 to 380 rtol at rtol 1e-6 to 1e-10;
    /// the budgeted start 0.12): the agreement above is not automatic. Both runs keep their rounds however few
    /// crossings these take (on 24 samples the cost rule would hand over first), so that only the
    /// budget differs. (Over the whole run the overspent start ends 69 rtol from the flow: its
    /// rounds, at most `SolverLimits.decoupledRoundGrowth` growth times, are second order too.)
    @Test func pastItsBudgetTheFrozenStartIsWrong() throws {
        let problem = try randomProblem(n: 24, d: 3, m: 10, lambda: 1e-6, seed: 1)
        let rtol = 1e-9
        let budgeted = try solveWith(problem, .neuronwise, rtol: rtol, time: 40, crossingsPerRound: 0)
        let overspent = try solveWith(problem, .neuronwise, rtol: rtol, time: 40, budgetScale: 1e6,
                                      crossingsPerRound: 0)
        let handOver = budgeted.statistics.decoupledUntil
        #expect(overspent.statistics.decoupledUntil > handOver)
        let overspentThere = try solveWith(problem, .neuronwise, rtol: rtol, time: handOver, budgetScale: 1e6,
                                           crossingsPerRound: 0)
        let reference = try solveWith(problem, .full, rtol: 1e-13, time: handOver)
        #expect(distance(overspentThere.final, reference.final) > 100 * rtol)
    }

    /// Negative control: crossings taken at a step's end wherever the linear root says, with no
    /// bound on the Taylor remainder, end farther from the flow than the tolerance allows on
    /// some instance: the reach is what keeps the step-end crossings accurate.
    @Test func crossingsTakenOutOfReachAreWrong() throws {
        let rtol = 1e-9
        var worst = 0.0
        for seed in Self.seeds {
            let problem = try randomProblem(n: 24, d: 3, m: 10, lambda: 1e-6, seed: seed)
            let unbounded = try solveWith(problem, .neuronwise, rtol: rtol, time: 40, stepEndScale: .infinity)
            let reference = try solveWith(problem, .full, rtol: 1e-13, time: 40)
            worst = max(worst, distance(unbounded.final, reference.final))
        }
        #expect(worst > 100 * rtol)
    }

    /// Negative control: aimed steps allowed 10^6 times the error their check allows and 10^6
    /// times the step the event method proposes (the quadratic extension trusted over steps far
    /// too long for it) end farther from the flow than the tolerance allows on some instance
    /// (against 10^-11 to 10^-10 with the guards): the guards are what keep them accurate.
    @Test func aimedStepsPastTheirErrorCheckAreWrong() throws {
        let rtol = 1e-9
        var worst = 0.0
        for seed in Self.seeds {
            let problem = try randomProblem(n: 24, d: 3, m: 10, lambda: 1e-6, seed: seed)
            let unchecked = try solveWith(problem, .neuronwise, rtol: rtol, time: 40, aimedScale: 1e6)
            let reference = try solveWith(problem, .full, rtol: 1e-13, time: 40)
            worst = max(worst, distance(unchecked.final, reference.final))
        }
        #expect(worst > 100 * rtol)
    }
}
