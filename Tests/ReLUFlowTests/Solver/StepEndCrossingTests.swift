import Foundation
import Testing
@testable import ReLUFlow

/// The pure parts of taking a crossing at a step's end, on closed forms.
@Suite struct StepEndCrossingTests {
    /// y_c(t) = y0_c + v0_c t + a_c t^2 / 2 over a step of length L: the velocity changes by
    /// a_c L, so the reach is min_c sqrt(2 budget D_c / |a_c|), and at that reach the Taylor
    /// step's error |y(t1 + delta) - y(t1) - delta y'(t1)| = |a_c| delta^2 / 2 equals budget D_c
    /// in the binding component and stays below it in the others.
    @Test func reachIsWhereTheQuadraticRemainderMeetsTheBudget() {
        let y0 = [1.0, -2.0, 0.5], v0 = [0.3, 0.1, -4.0], a = [2.0, -30.0, 0.0]
        let span = 0.1, rtol = 1e-8, atol = 1e-9, budget = 1e-2
        let y1 = (0..<3).map { y0[$0] + v0[$0] * span + a[$0] * span * span / 2 }
        let v1 = (0..<3).map { v0[$0] + a[$0] * span }
        let reach = StepEndCrossing.reach(state: y1, startVelocity: v0, endVelocity: v1, count: 3, span: span,
                                          relativeTolerance: rtol, absoluteTolerance: atol, budget: budget)
        var slack: [Double] = []
        for c in 0..<3 where a[c] != 0 {
            let truth = y1[c] + v1[c] * reach + a[c] * reach * reach / 2
            let taylor = y1[c] + reach * v1[c]
            slack.append(abs(truth - taylor) / (budget * (atol + rtol * abs(y1[c]))))
        }
        #expect(slack.allSatisfy { $0 <= 1 + 1e-6 })
        #expect(abs(slack.max()! - 1) < 1e-6)
    }

    @Test func reachIsUnboundedForAConstantVelocity() {
        let v = [1.0, 2.0]
        #expect(StepEndCrossing.reach(state: [0, 0], startVelocity: v, endVelocity: v, count: 2, span: 1,
                                      relativeTolerance: 1e-8, absoluteTolerance: 1e-8, budget: 1e-2) == .infinity)
    }

    /// h(t) = value + rate t reaches 0 after value / -rate: ahead for a pair on its side, behind
    /// for a crossed one; never for a pair moving away.
    @Test func offsetIsTheLinearRoot() {
        #expect(StepEndCrossing.offset(value: 0.25, rate: -0.5) == 0.5)
        #expect(StepEndCrossing.offset(value: -0.25, rate: -0.5) == -0.5)
        #expect(StepEndCrossing.offset(value: 0.3, rate: 1.5) == nil)
        #expect(StepEndCrossing.offset(value: 0.3, rate: 0) == nil)
    }

    /// Five pairs: one moving away, one active pair 0.5 from its surface at rate -1 (0.5), one
    /// inactive pair at -0.2 with rate +1 (0.2, the earliest), an earlier one that slides and
    /// one within its rounding level of the surface.
    @Test func forecastIsTheEarliestLinearRootOffTheSurfaces() {
        let values = [1.0, 0.5, -0.2, 1e-3, 1e-17], rates = [2.0, -1.0, 1.0, -1.0, -1.0]
        let active = [true, true, false, true, true]
        let pattern: [Double] = active.map { $0 ? 1 : 0 }
        func forecast(floor: Double, rows: Int = 1, columns: Int = 5) -> Double {
            StepEndCrossing.forecast(values: values, rates: rates, active: pattern, rows: rows, columns: columns,
                                     levels: .init(rows: [Double](repeating: 1, count: rows),
                                                   columns: [Double](repeating: 1e-15, count: columns)),
                                     isSliding: { $0 == 3 }, floor: floor).offset
        }
        #expect(abs(forecast(floor: 0) - 0.2) < 1e-15)
        let earliest = StepEndCrossing.forecast(values: values, rates: rates, active: pattern, rows: 1, columns: 5,
                                             levels: .init(rows: [1], columns: [Double](repeating: 1e-15, count: 5)),
                                             isSliding: { $0 == 3 }, floor: 0)
        #expect(earliest.pair == 2)
        #expect(forecast(floor: 0.3) == 0.3)
        #expect(forecast(floor: 0, columns: 1) == .infinity)
        // The same pairs as rows of one: the row-wise scan gives the same earliest.
        #expect(abs(forecast(floor: 0, rows: 5, columns: 1) - 0.2) < 1e-15)
        // Without the forecast's exclusions the pair within rounding (1e-17 away) is the earliest,
        // then the sliding one (1e-3 away).
        let first = StepEndCrossing.earliest(values: values, rates: rates, active: pattern, rows: 1, columns: 5) { _ in true }
        #expect(first?.pair == 4 && first?.offset == 1e-17)
        let admitted = StepEndCrossing.earliest(values: values, rates: rates, active: pattern, rows: 1, columns: 5) { $0 != 4 }
        #expect(admitted?.pair == 3 && abs(admitted!.offset - 1e-3) < 1e-18)
    }
}
