import Foundation
import Testing
@testable import ReLUFlow

/// Tolerances outside a sane range are refused; the progress callback sees every step and can
/// end the run.
@Suite struct SolverOptionsRangeTests {
    @Test(arguments: [1.0, 1e300, 1e-20, 0.05, -1e-8, Double.nan])
    func relativeToleranceOutOfRange(rtol: Double) {
        #expect(throws: InputError.self) { _ = try SolverOptions(endTime: 1, relativeTolerance: rtol) }
    }

    @Test(arguments: [1e300, -1e-12, Double.infinity, Double.nan])
    func absoluteToleranceOutOfRange(atol: Double) {
        #expect(throws: InputError.self) { _ = try SolverOptions(endTime: 1, absoluteTolerance: atol) }
    }

    @Test func rangeEndsAreAccepted() throws {
        _ = try SolverOptions(endTime: 1, relativeTolerance: 1e-14, absoluteTolerance: 0)
        _ = try SolverOptions(endTime: 1, relativeTolerance: 1e-2, absoluteTolerance: 1)
    }

    struct Stop: Error {}

    @Test func progressSeesEveryStepAndCanEndTheRun() throws {
        let problem = try randomProblem(n: 6, d: 3, m: 4, lambda: 0.5, seed: 2)
        var options = try SolverOptions(endTime: 20)
        let full = try solve(problem, options: options)
        let seen = Counter()
        options.progress = { p in
            seen.add(p)
            if p.steps == 10 { throw Stop() }
        }
        #expect(throws: Stop.self) { _ = try solve(problem, options: options) }
        #expect(seen.steps == Array(1...10))
        #expect(full.statistics.steps > 10)
        #expect(seen.times == seen.times.sorted() && seen.times.last! > 0 && seen.times.last! < 20)
    }
}

/// What the progress callback reported (called on the solving thread only).
final class Counter: @unchecked Sendable {
    var steps: [Int] = []
    var times: [Double] = []
    func add(_ p: SolverProgress) {
        steps.append(p.steps)
        times.append(p.time)
    }
}
