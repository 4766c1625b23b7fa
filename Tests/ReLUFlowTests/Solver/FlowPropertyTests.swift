import Foundation
import PropertyBased
import Testing
@testable import ReLUFlow

/// Invariants of the flow on random small instances (sizes and seeds drawn at random).
/// Sliding exits that the former exit functions could miss inside a step (a surface that stops
/// attracting, theta leaving [0, 1] and l' changing sign within one step) once let runs at
/// different tolerances part by up to 1.8e-4 on about 1 in 100 draws (`SlidingAttractionTests`).
@Suite struct FlowPropertyTests {
    /// Deterministic random instances for the comparisons of two integrations of one flow: the
    /// same draws on every run.
    static func seededInstances(_ count: Int) -> [(n: Int, d: Int, m: Int, seed: UInt64)] {
        var rng = SeededGenerator(seed: 2026)
        return (0..<count).map { _ in
            (n: 2 + Int(rng.next() % 7), d: 2 + Int(rng.next() % 3), m: 1 + Int(rng.next() % 6), seed: 1 + rng.next() % 1_000_000)
        }
    }

    /// n in 2...8, d in 2...4, m in 1...6 and a seed. (With d = 1 and no bias a neuron's surfaces
    /// all meet at w = 0, where the switching rule does not define the flow.)
    static let n = Gen.int(in: 2...8), d = Gen.int(in: 2...4), m = Gen.int(in: 1...6)
    static let seed = Gen.uint64(in: 1...1_000_000)

    /// a_j^2 - ||w_j||^2 is conserved (d/dt = 2 a_j <D_j, w_j> - 2 <w_j, a_j D_j> = 0), also across
    /// switches and sliding, whatever the initial balance.
    @Test func balancednessIsConserved() async {
        await propertyCheck(count: 25, input: Self.n, Self.d, Self.m, Self.seed) { n, d, m, seed in
            let c = (n: n, d: d, m: m, seed: seed)
            let problem = try randomProblem(n: c.n, d: c.d, m: c.m, lambda: 0.5, seed: c.seed, balance: .unbalanced)
            let solution = try solveWeights(problem, time: 20, rtol: 1e-10)
            let initial = solution.samples.first!, final = solution.samples.last!
            // Integration errors in a_j^2 and ||w_j||^2 are relative to both terms, not to their difference.
            let scale = zip(initial.outputWeights, initial.logNorms).map { $0 * $0 + exp(2 * $1) }.reduce(0, +)
            for j in 0..<c.m {
                #expect(abs(final.balance[j] - initial.balance[j]) <= 1e-8 * scale)
            }
        }
    }

    /// The loss never increases along a gradient flow (dL/dt = -||grad||^2 <= 0, and the Filippov
    /// velocity is the minimum-norm subgradient).
    @Test func lossIsNonIncreasing() async {
        await propertyCheck(count: 25, input: Self.n, Self.d, Self.m, Self.seed) { n, d, m, seed in
            let c = (n: n, d: d, m: m, seed: seed)
            let problem = try randomProblem(n: c.n, d: c.d, m: c.m, lambda: 0.5, seed: c.seed)
            let times = (1...40).map { Double($0) }
            let solution = try solveWeights(problem, time: 40, rtol: 1e-10, at: times)
            for (earlier, later) in zip(solution.samples, solution.samples.dropFirst()) {
                #expect(later.loss <= earlier.loss * (1 + 1e-10) + 1e-15, "t = \(later.time)")
            }
        }
    }

    /// Relabelling neurons or samples relabels the trajectory.
    @Test func permutationsPermuteTheResult() async {
        await propertyCheck(count: 15, input: Self.n, Self.d, Self.m, Self.seed) { n, d, m, seed in
            let c = (n: n, d: d, m: m, seed: seed)
            let problem = try randomProblem(n: c.n, d: c.d, m: c.m, lambda: 0.5, seed: c.seed)
            let neuronOrder = Array((0..<c.m).reversed()), sampleOrder = Array((0..<c.n).reversed())
            var permuted = problem
            permuted.initial = problem.initial.permutingNeurons(neuronOrder)
            permuted.data = problem.data.permutingSamples(sampleOrder)
            let a = try solveWeights(problem, time: 20, rtol: 1e-11).final
            let b = try solveWeights(permuted, time: 20, rtol: 1e-11).final.permutingNeurons(neuronOrder)
            let scale = euclideanNorm(a.parameterVector)
            let difference = euclideanNorm(zip(a.parameterVector, b.parameterVector).map { $0 - $1 })
            #expect(difference <= 1e-7 * scale)
        }
    }

    /// The same on a drawn instance where a neuron leaves sliding and another slides on: the
    /// sliding-exit rates once read a stale sliding solution of the neuron that had left (its
    /// pairs out of line with the others'), and the permuted run ended 1.1e-2 away.
    @Test func permutationsPermuteTheResultWhereANeuronLeavesSliding() throws {
        let problem = try randomProblem(n: 7, d: 4, m: 6, lambda: 0.5, seed: 386031)
        let neuronOrder = Array((0..<6).reversed()), sampleOrder = Array((0..<7).reversed())
        var permuted = problem
        permuted.initial = problem.initial.permutingNeurons(neuronOrder)
        permuted.data = problem.data.permutingSamples(sampleOrder)
        let a = try solveWeights(problem, time: 20, rtol: 1e-11)
        let b = try solveWeights(permuted, time: 20, rtol: 1e-11)
        #expect(a.statistics.changes.slidingExits > 0)
        let scale = euclideanNorm(a.final.parameterVector)
        let difference = euclideanNorm(zip(a.final.parameterVector,
                                           b.final.permutingNeurons(neuronOrder).parameterVector).map { $0 - $1 })
        #expect(difference <= 1e-7 * scale)
    }

    /// Tightening the tolerance from 1e-8 to 1e-10 changes the final loss by no more than the
    /// looser tolerance allows. A state error delta changes the square loss by about
    /// 2 sqrt(L) ||J|| delta + ||J||^2 delta^2, so the bound scales with sqrt(L(T) L(0)), not with L(T) (automatic formulation: log-norm for this balanced init, whose
    /// accuracy is relative for every neuron; the weights formulation's absolute floor can let a
    /// neuron that shrinks towards the saddle at w = 0 leave it on a rounding error).
    /// The passes over the pair arrays shared among 2 or 3 threads give the same numbers to the bit
    /// as one thread: each block is computed as the whole pass computes it. Small and large
    /// initializations (the decoupled start, aimed steps, sliding), m past the kernels' 8 lanes.
    @Test func threadCountsGiveTheSameBits() async {
        let sizes = Gen.int(in: 9...40), scales = Gen.int(in: 0...2)
        await propertyCheck(count: 12, input: sizes, sizes, scales, Self.seed) { n, m, scale, seed in
            let lambda = [1e-6, 1e-2, 0.5][scale]
            let problem = try randomProblem(n: n, d: 3, m: m, lambda: lambda, seed: seed)
            let run = { (threads: Int) in
                var options = try SolverOptions(endTime: 40, logSpacedSamples: 0)
                (options.threads, options.sharedPassPairs) = (threads, 0)
                return try solve(problem, options: options)
            }
            let one = try run(1)
            #expect(one.statistics.changes.slidingEntries + one.statistics.changes.switches > 0)
            for threads in [2, 3] {
                let shared = try run(threads)
                #expect(shared.final.parameterVector == one.final.parameterVector, "\(threads) threads")
                #expect(shared.statistics.fieldEvaluations == one.statistics.fieldEvaluations)
            }
        }
    }

    /// Control for `threadCountsGiveTheSameBits`: the blocks do run on several threads, and the
    /// order of the sums shows in the bits (one sum against 4 partial sums, one thread), so equal
    /// bits there are not equal by construction; the two still agree within 100 rtol (two runs
    /// whose rounding differs may take other steps, each within the tolerance of the flow).
    @Test func partialSumsChangeTheBitsButNotTheFlow() throws {
        #expect(PairPartition(threads: 3, pairs: 0, minimumPairs: 0).parts == 3)
        let problem = try randomProblem(n: 37, d: 3, m: 29, lambda: 0.5, seed: 11)
        let run = { (sharedPassPairs: Int) in
            var options = try SolverOptions(endTime: 40, relativeTolerance: 1e-10, logSpacedSamples: 0)
            options.sharedPassPairs = sharedPassPairs
            return try solve(problem, options: options).final.parameterVector
        }
        let whole = try run(PairPartition.parallelPairs), partial = try run(0)
        #expect(whole != partial)
        let scale = whole.reduce(0) { max($0, abs($1)) }
        #expect(zip(whole, partial).allSatisfy { abs($0 - $1) <= 1e-8 * scale })
    }

    @Test func tolerancesAgree() throws {
        for c in Self.seededInstances(20) {
            let problem = try randomProblem(n: c.n, d: c.d, m: c.m, lambda: 0.5, seed: c.seed)
            let auto = { (rtol: Double) in
                try solve(problem, options: SolverOptions(endTime: 30, relativeTolerance: rtol, logSpacedSamples: 0))
            }
            let looseRun = try auto(1e-8), tightRun = try auto(1e-10)
            let loose = looseRun.samples.last!.loss, tight = tightRun.samples.last!.loss
            let initial = tightRun.samples.first!.loss
            // Floor: a state error ~rtol moves a loss near 0 by ~rtol^2 L(0) (here 1e-16 L(0)).
            #expect(abs(loose - tight) <= 1e-6 * (tight * initial).squareRoot() + 1e-12 * initial)
        }
    }

    /// The log-norm and the weights formulations integrate the same flow (balanced init). The
    /// weights formulation controls errors absolutely below the initial scale (atol = rtol * lambda),
    /// so parameters are compared absolutely, relative to the larger of lambda and their size,
    /// within 100 rtol (on 200 random draws the largest difference was 9.3e-11; before sliding
    /// exits on surfaces that stop attracting were found, this bound was 1e-6).
    @Test func formulationsAgree() throws {
        for c in Self.seededInstances(15) {
            let problem = try randomProblem(n: c.n, d: c.d, m: c.m, lambda: 1e-3, seed: c.seed)
            let options = { (p: Parametrisation) in
                try SolverOptions(endTime: 60, relativeTolerance: 1e-10, parametrisation: p, logSpacedSamples: 0)
            }
            let w = try solve(problem, options: options(.weights))
            let u = try solve(problem, options: options(.logNorm))
            #expect(abs(w.samples.last!.loss - u.samples.last!.loss) <= 1e-6 * u.samples.last!.loss + 1e-12)
            let pw = w.final.parameterVector, pu = u.final.parameterVector
            let scale = max(1e-3, euclideanNorm(pu))
            #expect(euclideanNorm(zip(pw, pu).map { $0 - $1 }) <= 1e-8 * scale)
        }
    }
}
