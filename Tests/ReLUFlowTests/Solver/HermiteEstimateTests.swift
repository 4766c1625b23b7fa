import Foundation
import Testing
@testable import ReLUFlow

/// The cubic Hermite pieces of event detection and location: a cubic is its own Hermite
/// interpolant, so on cubics the dip finder and the crossing estimate must be exact.
@Suite struct HermiteEstimateTests {
    /// c(s) = (s - 0.4)^2 (s + 1) - 0.05: c'(0) < 0 < c'(1), minimum -0.05 at s = 0.4.
    @Test func dipOfACubicIsExact() throws {
        func c(_ s: Double) -> Double { (s - 0.4) * (s - 0.4) * (s + 1) - 0.05 }
        func dc(_ s: Double) -> Double { 2 * (s - 0.4) * (s + 1) + (s - 0.4) * (s - 0.4) }
        let dip = try #require(hermiteMinimum(c(0), dc(0), c(1), dc(1)))
        #expect(abs(dip.fraction - 0.4) < 1e-12)
        #expect(abs(dip.value + 0.05) < 1e-12)
    }

    /// No dip is reported where the ends do not head down then up.
    @Test func noDipWithoutATurn() {
        #expect(hermiteMinimum(1, 0.5, 2, 0.5) == nil)
        #expect(hermiteMinimum(1, -0.5, 0.2, -0.1) == nil)
    }

    /// c(s) = (0.3 - s)(1 + s^2) on a step of length 2: the root is at t = 0.6, and the rate
    /// there is c'(0.3) / 2.
    @Test func crossingEstimateOfACubicIsExact() throws {
        func c(_ s: Double) -> Double { (0.3 - s) * (1 + s * s) }
        func dc(_ s: Double) -> Double { -(1 + s * s) + (0.3 - s) * 2 * s }
        let estimate = CrossingEstimate(start: c(0), end: c(1), startSlope: dc(0), endSlope: dc(1), span: 2)
        let root = try #require(estimate.root())
        #expect(abs(root - 0.6) < 1e-12)
        #expect(abs(estimate.rate(0.3) - dc(0.3) / 2) < 1e-12)
        #expect(abs(estimate.value(0.7) - c(0.7)) < 1e-12)
    }
}
