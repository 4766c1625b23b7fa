import Testing
@testable import ReLUFlow

/// The text report of a run fits a 100-column terminal: the sample table, the observer table and
/// the statistics.
@Suite struct RunReportTests {
    /// A run with switches and sliding (unbalanced init, noisy labels), weights formulation, and
    /// one at a tiny scale in the log-norm formulation (long negative log-norms).
    static func solutions() throws -> [Solution] {
        let data = try Teacher.linear(inputs: .gaussian).sample(n: 8, d: 3, noise: 0.5, seed: 3)
        let unbalanced = try Initialization(scale: 0.5, balance: .unbalanced, seed: 3).network(width: 6, dimension: 3)
        let small = try Initialization(logScale: -2000, seed: 3).network(width: 6, dimension: 3)
        return [
            try solve(FlowProblem(data: data, initial: unbalanced),
                      options: SolverOptions(endTime: 50, parametrisation: .weights, logSpacedSamples: 20)),
            try solve(FlowProblem(data: data, initial: small), options: SolverOptions(endTime: 3000, logSpacedSamples: 20)),
        ]
    }

    @Test func everyLineFits() throws {
        let data = try Teacher.linear(inputs: .gaussian).sample(n: 8, d: 3, noise: 0.5, seed: 3)
        for solution in try Self.solutions() {
            let alignment = AlignmentObservation(data: data, solution: solution)
            let text = RunReport.table(solution, extra: AlignmentReport.columns(alignment, solution: solution)) + "\n"
                + RunReport.statistics(solution, method: .rk8pd, wallSeconds: 12345.678)
            let lines = text.split(separator: "\n")
            #expect(lines.count > solution.samples.count + 5)
            for line in lines { #expect(line.count <= 100, "\(line.count): \(line)") }
        }
    }

    @Test func tablesHoldEverySampleAndEveryStatistic() throws {
        let solution = try Self.solutions()[0]
        let table = RunReport.table(solution, extra: [("marker", solution.samples.map { _ in "#" })])
        // Rows start with a number (headers, rules and the legend do not).
        let rows = table.split(separator: "\n").filter { line in
            line.split(separator: " ").first.flatMap { Double($0) } != nil
        }
        #expect(rows.filter { !$0.contains("#") }.count == solution.samples.count)
        #expect(rows.filter { $0.contains("#") }.count == solution.samples.count)
        let st = solution.statistics
        let statistics = RunReport.statistics(solution, method: .rk8pd, wallSeconds: 1)
        for fact in ["steps \(st.steps)", "field evaluations \(st.fieldEvaluations)", "events \(st.events)",
                     "switches \(st.changes.switches)", "sliding entries \(st.changes.slidingEntries)",
                     "sliding exits \(st.changes.slidingExits)", "excursions \(st.excursions)"] {
            #expect(statistics.contains(fact), "\(fact)")
        }
        #expect(st.changes.slidingEntries > 0, "the setting is meant to slide")
    }
}
