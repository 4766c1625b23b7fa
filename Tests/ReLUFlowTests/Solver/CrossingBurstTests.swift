import Foundation
import Testing
@testable import ReLUFlow

/// The burst step's parts against closed forms and the field's own velocity.
struct CrossingBurstTests {
    /// Crossings are the quadratics' roots, earliest first; a pair whose quadratic dips through
    /// its surface and back, or that sits on its surface heading in, sends the step back (nil);
    /// sliding pairs and pairs leaving their surface are passed over.
    @Test func crossingsAreTheQuadraticsRootsInOrder() throws {
        let span = 0.5
        // Two rows of two pairs, side + (active) for p = 0, 2, 3 and - for p = 1.
        let active: [Double] = [1, 0, 1, 1]
        // p = 0: e(s) = 1 - 4 s (linear, root 0.25). p = 1 (side -): e = 0.3 - s, root 0.3.
        // p = 2: e = 1 + s, moving away. p = 3: e = 0.05 - s + s^2 / (2 H) (r1 - r0): with r1 = -0.2,
        // the quadratic 0.05 - s + 0.8 s^2: root at (1 - sqrt(1 - 0.16)) / 1.6.
        let values: [Double] = [1, -0.3, 1, 0.05]
        let startRates: [Double] = [-4, 1, 1, -1]
        let trialRates: [Double] = [-4, 1, 1, -0.2]
        let levels = StepEndCrossing.Levels(rows: [1e-12, 1e-12], columns: [1, 1])
        let found = try #require(CrossingBurst.crossings(values: values, startRates: startRates, trialRates: trialRates,
                                                         active: active, rows: 2, columns: 2, levels: levels, span: span,
                                                         isSliding: { _ in false }))
        let third = (1 - (1 - 0.16).squareRoot()) / 1.6
        #expect(found.map(\.pair) == [3, 0, 1])
        for (crossing, expected) in zip(found, [third, 0.25, 0.3]) {
            #expect(abs(crossing.offset - expected) <= 1e-14)
        }
        // The same pairs with p = 0 sliding: it is passed over.
        let withoutSliding = try #require(CrossingBurst.crossings(values: values, startRates: startRates,
                                                                  trialRates: trialRates, active: active, rows: 2,
                                                                  columns: 2, levels: levels, span: span,
                                                                  isSliding: { $0 == 0 }))
        #expect(withoutSliding.map(\.pair) == [3, 1])
        // A dip: e = 0.1 - s + 2 s^2 (r1 - r0 = 4 H) goes below 0 near s = 0.14 and is back above at H.
        #expect(CrossingBurst.crossings(values: [0.1], startRates: [-1], trialRates: [-1 + 4 * span], active: [1],
                                        rows: 1, columns: 1, levels: StepEndCrossing.Levels(rows: [1e-12], columns: [1]),
                                        span: span, isSliding: { _ in false }) == nil)
        // On the surface (within its rounding level) and heading in.
        #expect(CrossingBurst.crossings(values: [1e-13], startRates: [-1], trialRates: [-1], active: [1], rows: 1,
                                        columns: 1, levels: StepEndCrossing.Levels(rows: [1e-12], columns: [1]),
                                        span: span, isSliding: { _ in false }) == nil)
        // On the surface and leaving it: no crossing.
        #expect(CrossingBurst.crossings(values: [-1e-13], startRates: [1], trialRates: [2], active: [1], rows: 1,
                                        columns: 1, levels: StepEndCrossing.Levels(rows: [1e-12], columns: [1]),
                                        span: span, isSliding: { _ in false }) == [])
    }

    /// The jump's integral against a fine midpoint sum of the linear interpolant, and the jump
    /// at tau against the interpolant's value.
    @Test func theJumpIntegralIsTheInterpolantsArea() {
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<100 {
            let span = Double.random(in: 1e-4...1, using: &generator)
            let tau = span * Double.random(in: 0...1, using: &generator)
            let end = tau + (span - tau) * Double.random(in: 0...1, using: &generator)
            let start = (0..<4).map { _ in Double.random(in: -1...1, using: &generator) }
            let trial = (0..<4).map { _ in Double.random(in: -1...1, using: &generator) }
            let integral = CrossingBurst.jumpIntegral(start: start, trial: trial, from: tau, to: end, span: span)
            let pieces = 4000, width = (end - tau) / Double(pieces)
            for k in 0..<4 {
                var sum = 0.0
                for q in 0..<pieces {
                    let s = tau + (Double(q) + 0.5) * width
                    sum += width * (start[k] + s / span * (trial[k] - start[k]))
                }
                #expect(abs(integral[k] - sum) <= 1e-12 * max(1, abs(sum)))
            }
            let there = CrossingBurst.jump(start: start, trial: trial, at: span, span: span)
            #expect(zip(there, trial).allSatisfy { abs($0 - $1) <= 1e-15 })
        }
    }

    /// The flow passes through when the rate keeps its sign by the margin; else the pair would
    /// slide (or nearly), and the modes are decided at the event.
    @Test func passageNeedsTheRateToKeepItsSign() {
        #expect(CrossingBurst.passesThrough(rateBefore: -1, rateAfter: -0.5))
        #expect(!CrossingBurst.passesThrough(rateBefore: -1, rateAfter: 0.5))
        #expect(!CrossingBurst.passesThrough(rateBefore: -1, rateAfter: -0.01))
        #expect(!CrossingBurst.passesThrough(rateBefore: 1, rateAfter: 2))
    }

    /// `switchJump` is the change of neuron j's velocity rows that the field itself forms when
    /// the pair's mode flips (`refreshVelocity` before and after), in both formulations, with
    /// the pair off its surface (the weights' a_j' then jumps too).
    @Test(arguments: [Parametrisation.weights, .logNorm])
    func theJumpIsTheFieldsChange(parametrisation: Parametrisation) throws {
        let problem = try randomProblem(n: 12, d: 3, m: 5, lambda: 0.5, seed: 21)
        let (state, signs) = try parametrisation.state(of: problem.initial)
        let field = VectorField(problem: problem, parametrisation: parametrisation, signs: signs)
        let m = field.neurons, d = field.dimension
        let y = UnsafeMutablePointer<Double>.allocate(capacity: field.stateSize)
        defer { y.deallocate() }
        y.initialize(from: state, count: field.stateSize)
        for i in 0..<field.samples { for j in 0..<m { field.pattern.active[i * m + j] = 0 } }
        #expect(field.evaluate(y, nil))
        for i in 0..<field.samples { for j in 0..<m where field.preactivations[i * m + j] > 0 {
            field.pattern.active[i * m + j] = 1
        } }
        #expect(field.evaluate(y, nil))
        let before = UnsafeMutablePointer<Double>.allocate(capacity: field.stateSize)
        let after = UnsafeMutablePointer<Double>.allocate(capacity: field.stateSize)
        defer { before.deallocate(); after.deallocate() }
        for j in 0..<m {
            for i in [0, 5, 11] {
                let toActive = !field.pattern.isActive(i, j)
                let jump = field.switchJump(sample: i, neuron: j, toActive: toActive,
                                            lossDerivative: field.lossDerivatives[i],
                                            preactivation: field.preactivations[i * m + j], state: y)
                field.refreshVelocity(of: j, state: y, into: before)
                field.switchCrossings([(i, j)])
                field.refreshVelocity(of: j, state: y, into: after)
                field.switchCrossings([(i, j)])
                let rows = (0..<d).map { j * d + $0 } + [m * d + j]
                let scale = rows.map { max(abs(before[$0]), abs(after[$0])) }.max()!
                for (k, c) in rows.enumerated() {
                    #expect(abs(after[c] - before[c] - jump[k]) <= 1e-12 * scale)
                }
            }
        }
    }
}
