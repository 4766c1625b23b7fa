import Foundation
import Testing
@testable import ReLUFlow

/// The FLS experiment as a resumable sweep: the file's rows equal the in-memory run's, a run cut
/// short resumes to the same numbers, and a second parameter gives one group per value.
@Suite struct FLSSweepTests {
    static func base() -> FLSExperiment {
        var e = FLSExperiment()
        (e.n, e.nTest, e.d, e.m, e.seeds, e.workers) = (10, 50, 3, 6, 2, 1)
        e.scales = [0.01, 0.1, 1]
        return e
    }

    func path(_ name: String) throws -> String {
        let p = try temporaryFile("", name: name)
        try FileManager.default.removeItem(atPath: p)
        return p
    }

    func runSweep(_ sweep: FLSSweep, into path: String) async throws -> Int {
        let store = try ResultsStore(path: path, definition: sweep.definition, shard: .whole)
        return try await SweepRunner(workers: 2).run(sweep.definition, shard: .whole, store: store, evaluate: sweep.evaluate)
    }

    @Test func resumedSweepEqualsTheInMemoryRun() async throws {
        let e = Self.base()
        let memory = try e.run()
        let sweep = try FLSSweep(base: e)
        let whole = try path("fls-whole.csv")
        #expect(try await runSweep(sweep, into: whole) == 6)
        // Keep the preamble (4 lines) and two finished cells, then resume.
        let cut = try path("fls-cut.csv")
        let lines = try String(contentsOfFile: whole, encoding: .utf8).components(separatedBy: "\n")
        try (lines.prefix(6).joined(separator: "\n") + "\n").write(toFile: cut, atomically: true, encoding: .utf8)
        #expect(try await runSweep(sweep, into: cut) == 4)
        for file in [whole, cut] {
            let groups = try sweep.rows(from: ResultsFile(path: file))
            #expect(groups.count == 1)
            for (a, b) in zip(groups[0].rows, memory) {
                #expect(a.scale == b.scale)
                #expect(a.testError.mean == b.testError.mean)
                #expect(a.effectiveRank.mean == b.effectiveRank.mean)
                #expect(a.kernelDistance.mean == b.kernelDistance.mean)
                #expect(a.stopTime.mean == b.stopTime.mean)
            }
        }
    }

    @Test func secondParameterGivesOneGroupPerValue() async throws {
        let sweep = try FLSSweep(base: Self.base(), over: SweepAxis(parsing: "n=8,12"))
        let file = try path("fls-over.csv")
        #expect(try await runSweep(sweep, into: file) == 12)
        let groups = try sweep.rows(from: ResultsFile(path: file))
        #expect(groups.map(\.label) == ["8", "12"])
        var e = Self.base()
        e.n = 12
        #expect(groups[1].rows.map(\.testError.mean) == (try e.run()).map(\.testError.mean))
        let phase = try PhaseTable(results: ResultsFile(path: file), value: "test_error", columns: "s", rows: "n")
        #expect(phase.rowLabels == ["8", "12"])
        #expect(phase.entries[1][0] == groups[1].rows[0].testError.mean)
    }

    @Test func badSecondParameterIsRefused() throws {
        #expect { try FLSSweep(base: Self.base(), over: SweepAxis(parsing: "q=1,2")) } throws: { error in
            (error as? InputError)?.field == "axis"
        }
        #expect { try FLSSweep(base: Self.base(), over: SweepAxis(parsing: "n=10,0")) } throws: { error in
            (error as? InputError)?.field == "axis n"
        }
        #expect { try FLSSweep(base: Self.base(), over: SweepAxis(parsing: "flip=0,0.6")) } throws: { error in
            (error as? InputError)?.field == "flip"
        }
        var e = Self.base()
        e.eps = 0
        #expect { try FLSSweep(base: e) } throws: { error in (error as? InputError)?.field == "eps" }
    }

    /// A run the solver gives up on (here: a step budget of 5) is recorded as failed, written and
    /// read back as such, and left out of the estimates instead of ending the experiment.
    @Test func failedRunsAreCountedNotThrown() throws {
        var e = Self.base()
        e.maxSteps = 5
        let rows = try e.run()
        #expect(rows.allSatisfy { $0.failed == e.seeds && $0.testError.count == 0 })
        let failure = try e.cell(scale: 0.1, seed: 1)
        #expect(failure.failed && failure.failureReason != nil)
        #expect(try FLSCellMeasures(fields: failure.fields).failed)
        let ok = try Self.base().cell(scale: 0.1, seed: 2)
        let row = FLSExperiment.Row(scale: 0.1, cells: [failure, ok], seeds: [1, 2])
        #expect(row.failed == 1 && row.testError.count == 1 && row.testError.mean == ok.testError)
        #expect(row.testErrorBySeed == [2: ok.testError])
    }

    /// On the mixture: the cells carry the mixture measures, whose class-mean error is the closed
    /// form on the seed's training set; the results file round-trips them, kappa and sigma are
    /// axes, and they are refused naming the axis when bad or when the task is not a mixture.
    @Test func mixtureCellsCarryTheirMeasures() async throws {
        var e = Self.base()
        e.mixture = try GaussianMixture(kappa: 1.5, sigma: 1)
        let cell = try e.cell(scale: 0.1, seed: 1)
        let mixture = try #require(cell.mixture)
        let train = try e.task(seed: 1).train
        #expect(mixture.classMeanError == e.mixture!.error(ofDirection: GaussianMixture.classMean(of: train)))
        #expect(mixture.bayesError == GaussianMixture.normalCDF(-1.5))
        #expect(try FLSCellMeasures(fields: cell.fields).fields == cell.fields)
        let sweep = try FLSSweep(base: e, over: SweepAxis(parsing: "kappa=1,2"))
        #expect(sweep.definition.format == SweepDefinition.flsMixtureFormat)
        let file = try path("fls-mixture.csv")
        #expect(try await runSweep(sweep, into: file) == 12)
        let groups = try sweep.rows(from: ResultsFile(path: file))
        #expect(groups[1].rows.allSatisfy { $0.bayesError == GaussianMixture.normalCDF(-2) })
        #expect { try FLSSweep(base: e, over: SweepAxis(parsing: "sigma=1,0")) } throws: { error in
            (error as? InputError)?.field == "axis sigma"
        }
        #expect { try FLSSweep(base: Self.base(), over: SweepAxis(parsing: "kappa=1,2")) } throws: { error in
            (error as? InputError)?.field == "axis"
        }
    }
}
