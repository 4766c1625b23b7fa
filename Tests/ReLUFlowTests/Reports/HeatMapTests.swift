import Foundation
import Testing
@testable import ReLUFlow

/// Phase tables and heat maps of a known small grid.
@Suite struct HeatMapTests {
    /// A 2 x 3 grid (lambda rows, n columns) whose train loss is known per cell: n * 10^k.
    func knownResults() throws -> ResultsFile {
        let definition = try SweepDefinition(arguments: [], axes: [SweepAxis(parsing: "n=1,2,3"),
                                                                    SweepAxis(parsing: "lambda=1e-1,1e-3")], seeds: 2)
        let path = try temporaryFile("", name: "grid.csv")
        try FileManager.default.removeItem(atPath: path)
        let store = try ResultsStore(path: path, definition: definition, shard: .whole)
        for cell in definition.cells where !(cell.values == ["3", "1e-3"]) {  // one grid point left unfinished
            let n = Double(cell.values[0])!, k = cell.values[1] == "1e-1" ? 0.0 : 2.0
            // Replicates 0 and 1 straddle the mean n 10^k by +-10%.
            let loss = n * pow(10, k) * (cell.replicate == 0 ? 0.9 : 1.1)
            let observables = CellObservables(trainLoss: loss, testExcess: .nan, olsTrainLoss: 0, olsTestExcess: .nan,
                                              olsDistance: 0, interpolated: cell.values[0] == "1", clusters: 2,
                                              switches: 0, slidingEntries: 0, slidingExits: 0, steps: 1, wallSeconds: 0)
            try store.append(["\(cell.index)"] + cell.values + ["\(cell.replicate)"] + observables.fields)
        }
        return try ResultsFile(path: path)
    }

    @Test func tableAveragesReplicatesOnTheGrid() throws {
        let table = try PhaseTable(results: knownResults(), value: "train_loss", columns: "n", rows: "lambda")
        #expect(table.columnLabels == ["1", "2", "3"])
        #expect(table.rowLabels == ["1e-1", "1e-3"])
        let expected: [[Double?]] = [[1, 2, 3], [100, 200, nil]]
        for (row, want) in zip(table.entries, expected) {
            for (x, y) in zip(row, want) {
                if let y { #expect(abs(x! - y) <= 1e-12 * y) } else { #expect(x == nil) }
            }
        }
        #expect(table.counts == [[2, 2, 2], [2, 2, 0]])
        #expect(table.csv == "lambda\\n,1,2,3\n1e-1,1,2,3\n1e-3,100,200,\n")
        let fraction = try PhaseTable(results: knownResults(), value: "interpolated", columns: "n", rows: "lambda")
        #expect(fraction.entries[0] == [1, 0, 0])
    }

    @Test func heatMapShadesOnALogScaleWithLabelsAndLegend() throws {
        let table = try PhaseTable(results: knownResults(), value: "train_loss", columns: "n", rows: "lambda")
        let map = HeatMap(table: table)
        // 1..200 spans more than two decades: log scale, level floor(10 log(x) / log(200)).
        #expect(map.scale.logarithmic)
        for x in [1.0, 2, 3, 100, 200] {
            #expect(map.level(x) == min(9, Int(10 * log(x) / log(200))))
        }
        let lines = map.render().split(separator: "\n").map(String.init)
        #expect(lines[0] == "train_loss: mean over 2 cells per entry")
        // Columns are 3 wide (the narrowest cell); levels 0, 1, 2 / 8, 9 are ' ', '.', ':' / '%', '@'.
        #expect(lines[1] == "lambda \\ n |   1   2   3")
        #expect(lines[3] == "      1e-1 |     ... :::")
        #expect(lines[4] == "      1e-3 | %%% @@@   ?")
        #expect(lines[5].hasPrefix("legend (log scale"))
        let numbers = HeatMap(table: table, numbers: true).render()
        #expect(numbers.contains("      200"))
    }

    @Test func unshownAxesMustBeFixed() throws {
        let results = try knownResults()
        #expect(throws: InputError.self) { try PhaseTable(results: results, value: "train_loss", columns: "n", rows: nil) }
        let fixed = try PhaseTable(results: results, value: "train_loss", columns: "n", rows: nil, fixed: ["lambda": "1e-3"])
        #expect(fixed.rowLabels == [""] && fixed.entries.count == 1)
        #expect(abs(fixed.entries[0][0]! - 100) < 1e-12 && abs(fixed.entries[0][1]! - 200) < 1e-12 && fixed.entries[0][2] == nil)
        #expect(throws: InputError.self) { try PhaseTable(results: results, value: "no_such_column", columns: "n", rows: "lambda") }
        #expect(throws: InputError.self) { try PhaseTable(results: results, value: "train_loss", columns: "m", rows: "lambda") }
        #expect(throws: InputError.self) {
            try PhaseTable(results: results, value: "train_loss", columns: "n", rows: nil, fixed: ["lambda": "7"])
        }
    }

    @Test func gnuplotDataHoldsOneBlockPerRow() throws {
        let table = try PhaseTable(results: knownResults(), value: "train_loss", columns: "n", rows: "lambda")
        let script = GnuplotScript(table: table)
        let blocks = script.data.components(separatedBy: "\n\n\n").filter { !$0.isEmpty }
        #expect(blocks.count == 2)
        #expect(blocks[1].split(separator: "\n").last == "2 1 NaN")
        #expect(script.image(dataFile: "d.dat", terminal: "svg", output: "d.svg").contains("set xtics (\"1\" 0, \"2\" 1, \"3\" 2)"))
    }
}
