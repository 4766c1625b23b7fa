import Foundation
import Testing
@testable import ReLUFlow

/// The aimed step's parts against closed forms.
struct AimedStepTests {
    /// The root is the smallest positive root of e0 + r0 s + (r1 - r0) s^2 / (2 H) within the
    /// reach, built from two chosen roots; nil when both lie outside (0, reach H].
    @Test func theRootIsTheEarliestWithinReach() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<2000 {
            let span = Double.random(in: 1e-6...1, using: &generator)
            let first = span * Double.random(in: 0.01...2, using: &generator)
            let second = first + span * Double.random(in: 0.01...3, using: &generator)
            let c = Double.random(in: 0.1...10, using: &generator) * (Bool.random(using: &generator) ? 1 : -1)
            // e(s) = c (s - first) (s - second): e0 = c first second, r0 = -c (first + second),
            // and (r1 - r0) / (2 H) = c, r1 = r0 + 2 H c.
            let e0 = c * first * second, r0 = -c * (first + second), r1 = r0 + 2 * span * c
            let sign: Double = e0 >= 0 ? 1 : -1
            let root = AimedStep.root(value: sign * e0, startRate: sign * r0, trialRate: sign * r1, span: span,
                                      reach: 1.25)
            let expected = [first, second].filter { $0 <= 1.25 * span }.min()
            if let expected {
                #expect(root.map { abs($0 - expected) <= 1e-9 * span } == true)
            } else {
                #expect(root == nil)
            }
        }
    }

    /// A pre-activation moving away from its surface, or turning back before it, has no root.
    @Test func aPairThatTurnsBackHasNoRoot() {
        #expect(AimedStep.root(value: 1, startRate: 1, trialRate: 2, span: 1, reach: 1.25) == nil)
        // e(s) = 1 - s + s^2: minimum 3/4 at s = 1/2.
        #expect(AimedStep.root(value: 1, startRate: -1, trialRate: 1, span: 1, reach: 1.25) == nil)
    }

    /// On y' = k y the extension's end is Heun's step, y0 (1 + kH + (kH)^2 / 2), and the error
    /// ratio is the Euler step's error, y0 (e^{kH} - 1 - kH), to a relative O(kH), in units of
    /// the tolerance.
    @Test func onALinearFieldTheStepIsHeunsAndTheRatioEulersError() {
        let k = -0.7, y0 = [2.0], v0 = [k * 2.0], span = 1e-2
        let euler = [y0[0] + span * v0[0]]
        let v1 = [k * euler[0]]
        var end = [0.0]
        AimedStep.extend(start: y0, startVelocity: v0, trialVelocity: v1, count: 1, span: span, to: span, into: &end)
        let kh = k * span
        #expect(abs(end[0] - y0[0] * (1 + kh + kh * kh / 2)) <= 1e-15)
        let rtol = 1e-8, atol = 1e-10
        let ratio = AimedStep.errorRatio(start: y0, startVelocity: v0, trialVelocity: v1, count: 1, span: span,
                                         at: span, relativeTolerance: rtol, absoluteTolerance: atol)
        let eulerError = abs(y0[0] * (exp(kh) - 1 - kh)) / (atol + rtol * y0[0])
        #expect(abs(ratio / eulerError - 1) <= 2 * abs(kh))
        // The prediction from this step's acceleration is the same ratio.
        let acceleration = AimedStep.acceleration(start: y0, startVelocity: v0, endVelocity: v1, count: 1,
                                                  span: span, relativeTolerance: rtol, absoluteTolerance: atol)
        #expect(abs(AimedStep.predictedRatio(span: span, acceleration: acceleration) / ratio - 1) <= 1e-12)
    }
}
