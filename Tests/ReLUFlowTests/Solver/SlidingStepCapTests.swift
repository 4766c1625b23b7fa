import Testing
@testable import ReLUFlow

/// The step cap of a sliding pair (`SlidingExitProfile.stepCap`) against theta's own linear exit
/// time. The exit functions are L = theta g^2 and U = (1 - theta) g^2 (g = l'_l), so their rates
/// are L' = theta' g^2 + theta (g^2)' and U' = -theta' g^2 + (1 - theta) (g^2)'.
@Suite struct SlidingStepCapTests {
    func profile(theta: Double, thetaRate: Double, g: Double, gRate: Double) -> SlidingExitProfile {
        let g2 = g * g, g2Rate = 2 * g * gRate
        return SlidingExitProfile(pairs: [SlidingPair(sample: 0, neuron: 0)], lower: [theta * g2],
                                  upper: [(1 - theta) * g2], lowerRates: [thetaRate * g2 + theta * g2Rate],
                                  upperRates: [-thetaRate * g2 + (1 - theta) * g2Rate])
    }

    /// theta = 0.4 falling at 0.1 per unit time leaves [0, 1] after 4: the cap is 1.5 times that,
    /// whatever g does.
    @Test(arguments: [0.0, -0.3, 0.3])
    func theCapFollowsTheta(gRate: Double) {
        let cap = profile(theta: 0.4, thetaRate: -0.1, g: 0.5, gRate: gRate).stepCap(after: 1)
        #expect(abs(cap - 1.5 * 4) < 1e-12)
    }

    /// theta fixed while g falls to 0 (the loss derivative of the sample passes through 0): no
    /// exit, no cap. Control: each function's own linear estimate would cap the step at 1.5 times
    /// g^2 / |(g^2)'| = 0.75 g / |g'|, a quarter of the time left each step (a Zeno sequence).
    @Test func noCapWhereOnlyTheLossDerivativeVanishes() {
        let p = profile(theta: 0.4, thetaRate: 0, g: 1e-3, gRate: -1)
        #expect(p.stepCap(after: 1) == .infinity)
        let own = min(1.5 * p.lower[0] / -p.lowerRates[0], 1.5 * p.upper[0] / -p.upperRates[0])
        #expect(abs(own - 0.75e-3) < 1e-15)
    }
}
