import Foundation
import Testing
@testable import ReLUFlow

/// The results file: lines appended whole, a torn last line cut on reopening, another sweep's or
/// shard's file refused, shards merged in cell order.
@Suite struct ResultsStoreTests {
    let definition = try! SweepDefinition(arguments: ["--d", "2"], axes: [SweepAxis(parsing: "n=3,4")], seeds: 2)

    func row(_ cell: SweepCell, _ loss: Double) -> [String] {
        var observables = CellObservables(trainLoss: loss, testExcess: 1, olsTrainLoss: 2, olsTestExcess: 0.5,
                                          olsDistance: 0.1, interpolated: false, clusters: 2, switches: 3,
                                          slidingEntries: 0, slidingExits: 0, steps: 10, wallSeconds: 0.01)
        observables.trainLoss = loss
        return ["\(cell.index)"] + cell.values + ["\(cell.replicate)"] + observables.fields
    }

    func temporaryPath() throws -> String {
        let path = try temporaryFile("", name: "results.csv")
        try FileManager.default.removeItem(atPath: path)
        return path
    }

    @Test func appendedCellsAreReadBackAndSkippedOnReopening() throws {
        let path = try temporaryPath()
        let cells = definition.cells
        do {
            let store = try ResultsStore(path: path, definition: definition, shard: .whole)
            try store.append(row(cells[2], 0.25))
            try store.append(row(cells[0], 0.5))
        }
        let reopened = try ResultsStore(path: path, definition: definition, shard: .whole)
        #expect(reopened.finished == [0, 2])
        let file = try ResultsFile(path: path)
        #expect(try file.column("train_loss")[2] == "0.25")
        #expect(try file.column("n")[2] == "4")
        #expect(throws: InputError.self) { try reopened.append(self.row(cells[0], 0.5)) }
    }

    @Test func aTornLastLineIsCutOnReopening() throws {
        let path = try temporaryPath()
        let cells = definition.cells
        do {
            let store = try ResultsStore(path: path, definition: definition, shard: .whole)
            try store.append(row(cells[0], 0.5))
        }
        let full = row(cells[1], 0.75).joined(separator: ",")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(full.prefix(20).utf8))  // a write cut short: no newline
        handle.closeFile()
        let store = try ResultsStore(path: path, definition: definition, shard: .whole)
        #expect(store.finished == [0])
        try store.append(row(cells[1], 0.75))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix(full + "\n"))
        #expect(try ResultsFile(path: path).rows.count == 2)
    }

    /// Creates the results file of `definition` at `path` and closes it again (its lock released
    /// when the store goes out of scope here, not whenever the optimiser ends a discarded value).
    @inline(never)
    func createResultsFile(_ path: String) throws {
        let store = try ResultsStore(path: path, definition: definition, shard: .whole)
        withExtendedLifetime(store) {}
    }

    @Test func anotherSweepsFileIsRefused() throws {
        let path = try temporaryPath()
        try createResultsFile(path)
        let other = try SweepDefinition(arguments: ["--d", "3"], axes: definition.axes, seeds: 2)
        do {
            _ = try ResultsStore(path: path, definition: other, shard: .whole)
            Issue.record("a different sweep's file was accepted")
        } catch let error as InputError {
            #expect(error.reason.contains("different sweep"))
        }
        #expect(throws: InputError.self) { try ResultsStore(path: path, definition: self.definition, shard: Shard(number: 1, count: 2)) }
        let notResults = try temporaryFile("x,y\n1,2\n")
        #expect(throws: InputError.self) { try ResultsStore(path: notResults, definition: self.definition, shard: .whole) }
    }

    @Test func shardsMergeInCellOrderAndMismatchesAreRefused() throws {
        let cells = definition.cells
        var paths: [String] = []
        for k in 1...2 {
            let path = try temporaryPath()
            let shard = try Shard(number: k, count: 2)
            let store = try ResultsStore(path: path, definition: definition, shard: shard)
            for cell in cells.filter(shard.contains).reversed() { try store.append(row(cell, Double(cell.index))) }
            paths.append(path)
        }
        let merged = try temporaryPath()
        let summary = try ShardMerge.merge(paths, into: merged)
        #expect(summary.cells == 4 && summary.total == 4)
        let file = try ResultsFile(path: merged)
        #expect(file.shard == .whole)
        let body = try String(contentsOfFile: merged, encoding: .utf8).split(separator: "\n").dropFirst(4)
        #expect(body.map { Int($0.split(separator: ",")[0])! } == [0, 1, 2, 3])
        #expect(throws: InputError.self) { try ShardMerge.merge([paths[0], paths[0]], into: merged) }
        let otherPath = try temporaryPath()
        let other = try SweepDefinition(arguments: [], axes: definition.axes, seeds: 2)
        _ = try ResultsStore(path: otherPath, definition: other, shard: Shard(number: 2, count: 2))
        #expect(throws: InputError.self) { try ShardMerge.merge([paths[0], otherPath], into: merged) }
    }

    /// A file of the format before the end-time columns (reluflow-sweep-1) still reads; a new
    /// sweep writes the end time and whether a stopping rule ended the run.
    @Test func filesWithoutStopColumnsStillRead() throws {
        let old = try SweepDefinition(arguments: [], axes: [SweepAxis(parsing: "n=3")], seeds: 1,
                                      format: SweepDefinition.formatWithoutStops)
        let header = ["cell", "n", "replicate"] + CellObservables.columnsWithoutStops
        let row = ["0", "3", "0", "0.5"] + [String](repeating: "1", count: CellObservables.columnsWithoutStops.count - 1)
        let path = try temporaryFile(["# reluflow sweep results", "# definition: " + old.canonicalText, "# shard: 1/1",
                                      header.joined(separator: ","), row.joined(separator: ",")].joined(separator: "\n") + "\n")
        #expect(try ResultsFile(path: path).column("train_loss") == [0: "0.5"])
        #expect(definition.recordColumns.suffix(2) == ["end_time", "stopped"])
        #expect(throws: InputError.self) {
            try SweepDefinition(arguments: [], axes: [], seeds: 1, format: "reluflow-sweep-0")
        }
    }
}
