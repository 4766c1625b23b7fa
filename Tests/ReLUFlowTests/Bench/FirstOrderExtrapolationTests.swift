import Testing
@testable import ReLUFlow

@Suite("First-order extrapolation of gradient descent's cost")
struct FirstOrderExtrapolationTests {
    @Test func stepAndTimeScaleWithTheTargetError() throws {
        // error = 2 h exactly, wall = 1e-3 / h: a target of 1e-6 needs h = 5e-7, i.e. 500 times the
        // smallest step's 2.5e-4 and 500 times its 4 s.
        let runs = [(step: 1e-3, error: 2e-3, wallSeconds: 1.0), (step: 2.5e-4, error: 5e-4, wallSeconds: 4.0),
                    (step: 5e-4, error: 1e-3, wallSeconds: 2.0)]
        let x = try #require(FirstOrderExtrapolation(runs: runs, target: 1e-6))
        #expect(abs(x.step - 5e-7) < 1e-20)
        #expect(abs(x.wallSeconds - 2000) < 1e-9)
        #expect(x.observedOrders.count == 2)
        #expect(x.observedOrders.allSatisfy { abs($0 - 1) < 1e-12 })
    }

    @Test func ordersAreMeasuredOnlyBetweenHalvedSteps() throws {
        // error = h^2 over steps 1e-2, 5e-3 and 1e-3: one halving (order 2), one 5x step (no order).
        let runs = [(step: 1e-2, error: 1e-4, wallSeconds: 1.0), (step: 5e-3, error: 2.5e-5, wallSeconds: 2.0),
                    (step: 1e-3, error: 1e-6, wallSeconds: 10.0)]
        let x = try #require(FirstOrderExtrapolation(runs: runs, target: 1e-7))
        #expect(x.observedOrders.count == 1 && abs(x.observedOrders[0] - 2) < 1e-12)
        #expect(FirstOrderExtrapolation(runs: [], target: 1e-7) == nil)
        #expect(FirstOrderExtrapolation(runs: runs, target: 0) == nil)
    }
}
