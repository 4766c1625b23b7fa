import Foundation
import Testing
@testable import ReLUFlow

/// The branch-free row passes against plain loops over the same pairs, on random rows whose
/// lengths cover the four-wide part and every tail.
struct PairRowsTests {
    struct Row {
        var values: [Double], rates: [Double], endRates: [Double], active: [Double], levels: [Double]
        let rowLevel: Double
    }

    func randomRow(count: Int, seed: UInt64) -> Row {
        var generator = SeededGenerator(seed: seed)
        func draw() -> Double { Double(generator.next() % 2001) / 1000 - 1 }
        return Row(values: (0..<count).map { _ in draw() }, rates: (0..<count).map { _ in draw() },
                   endRates: (0..<count).map { _ in draw() },
                   active: (0..<count).map { _ in Double(generator.next() % 2) },
                   levels: (0..<count).map { _ in abs(draw()) }, rowLevel: 0.3)
    }

    @Test func passesAgreeWithPlainLoops() {
        for count in 0...13 {
            for seed in UInt64(0)..<40 {
                let row = randomRow(count: count, seed: seed * 100 + UInt64(count))
                var earliest = Double.infinity, past = false, turning = false
                for j in 0..<count {
                    let s = 2 * row.active[j] - 1, value = s * row.values[j], rate = s * row.rates[j]
                    if rate < 0, value > row.rowLevel * row.levels[j] { earliest = min(earliest, value / -rate) }
                    if value < -(row.rowLevel * row.levels[j]) { past = true }
                    if rate < 0, s * row.endRates[j] > 0 { turning = true }
                }
                // Bounds at the earliest quotient, just above and just below it, and infinite.
                for bound in [earliest, earliest.nextUp, earliest.nextDown, .infinity, 0.5] {
                    let before = PairRows.anyBefore(bound, values: row.values, rates: row.rates, active: row.active,
                                                    levels: row.levels, rowLevel: row.rowLevel, count: count)
                    // Never a miss; a pass only within the documented few ulp of the bound.
                    if earliest < bound { #expect(before) }
                    if before { #expect(earliest < bound * (1 + 16 * Double.ulpOfOne)) }
                }
                #expect(PairRows.anyPast(values: row.values, active: row.active, levels: row.levels,
                                         rowLevel: row.rowLevel, count: count) == past)
                #expect(PairRows.anyTurning(startRates: row.rates, endRates: row.endRates, active: row.active,
                                            count: count) == turning)
            }
        }
    }

    /// The passes are not trivially constant: over these rows each answer takes both values.
    @Test func theRowsExerciseBothAnswers() {
        var pasts = Set<Bool>(), turnings = Set<Bool>(), finite = Set<Bool>()
        for seed in UInt64(0)..<40 {
            let row = randomRow(count: 9, seed: seed)
            pasts.insert(PairRows.anyPast(values: row.values, active: row.active, levels: row.levels,
                                          rowLevel: row.rowLevel, count: 9))
            turnings.insert(PairRows.anyTurning(startRates: row.rates, endRates: row.endRates, active: row.active,
                                                count: 9))
            finite.insert(PairRows.anyBefore(.infinity, values: row.values, rates: row.rates, active: row.active,
                                             levels: row.levels, rowLevel: row.rowLevel, count: 9))
        }
        #expect(pasts.count == 2 && turnings.count == 2 && finite.count == 2)
    }
}
