import Foundation
import Testing
@testable import ReLUFlow

/// The grammar of `--sweep name=values`: lists, integer ranges, linear and log ranges, and the
/// errors for bad ranges and empty grids.
@Suite struct SweepGridTests {
    @Test func listsKeepTheTextAsWritten() throws {
        let axis = try SweepAxis(parsing: "lambda=1e-2,1e-6,1e-12")
        #expect(axis.name == "lambda")
        #expect(axis.values == ["1e-2", "1e-6", "1e-12"])
        #expect(try SweepAxis(parsing: "method=rk8pd, rkf45").values == ["rk8pd", "rkf45"])
    }

    @Test func integerRangeStepsByOne() throws {
        #expect(try SweepAxis(parsing: "m=3..6").values == ["3", "4", "5", "6"])
    }

    @Test func logRangeOfIntegersIsRoundedAndDeduplicated() throws {
        // 10 * 200^(i/11), i = 0..11, rounded: the ends are exact and the ratio is constant.
        let values = try SweepAxis(parsing: "n=10..2000:log:12").values.map { Int($0)! }
        let expected = (0..<12).map { Int((10 * pow(200, Double($0) / 11)).rounded()) }
        #expect(values == expected)
        #expect(values.first == 10 && values.last == 2000)
        #expect(try SweepAxis(parsing: "n=1..3:log:10").values == ["1", "2", "3"])
    }

    @Test func realRangesAreEvenlySpaced() throws {
        #expect(try SweepAxis(parsing: "noise=0.0..1.0:5").values == ["0.0", "0.25", "0.5", "0.75", "1.0"])
        #expect(try SweepAxis(parsing: "noise=0.0..1.0:lin:3").values == ["0.0", "0.5", "1.0"])
        #expect(try SweepAxis(parsing: "lambda=1e-2..1e-8:log:4").values == ["0.01", "0.0001", "1e-06", "1e-08"])
    }

    @Test(arguments: [
        ("n", "expected name=values"),
        ("n=", "the grid is empty"),
        ("=1,2", "run option's name"),
        ("n=1,,2", "empty item"),
        ("n=1,1", "listed twice"),
        ("n=5..2", "empty range"),
        ("n=a..b", "a range is a..b with numbers"),
        ("lambda=0.1..1", "needs integer ends"),
        ("n=1..10:0", "whole number >= 1"),
        ("n=1..10:1", "one point cannot span"),
        ("lambda=0..1:log:3", "ends > 0"),
        ("n=1..10:cubic:3", "unknown spacing"),
        ("n=1..10:log:3:4", "too many ':'"),
    ])
    func badSpecsAreRefusedWithTheReason(spec: String, reason: String) {
        do {
            _ = try SweepAxis(parsing: spec)
            Issue.record("\(spec) was accepted")
        } catch let error as InputError {
            #expect(error.field.hasPrefix("axis"))
            #expect(error.reason.contains(reason), "\(spec): \(error)")
        } catch {
            Issue.record("\(spec): unexpected \(error)")
        }
    }

    @Test func cellsEnumerateTheGridTimesTheSeedsFirstAxisSlowest() throws {
        let definition = try SweepDefinition(arguments: ["--d", "2"],
                                             axes: [SweepAxis(parsing: "n=4,8"), SweepAxis(parsing: "lambda=1,2,3")],
                                             seeds: 2)
        let cells = definition.cells
        #expect(cells.count == 12)
        #expect(cells.map(\.index) == Array(0..<12))
        #expect(cells[0].values == ["4", "1"] && cells[0].replicate == 0)
        #expect(cells[1].values == ["4", "1"] && cells[1].replicate == 1)
        #expect(cells[2].values == ["4", "2"])
        #expect(cells[11].values == ["8", "3"] && cells[11].replicate == 1)
        #expect(definition.arguments(for: cells[3]) == ["--d", "2", "--n", "4", "--lambda", "2"])
    }

    @Test func aParameterSweptTwiceIsRefused() throws {
        #expect(throws: InputError.self) {
            try SweepDefinition(arguments: [], axes: [SweepAxis(parsing: "n=1,2"), SweepAxis(parsing: "n=3")], seeds: 1)
        }
        #expect(throws: InputError.self) { try SweepDefinition(arguments: [], axes: [], seeds: 0) }
    }

    @Test func shardsPartitionTheCells() throws {
        let cells = try SweepDefinition(arguments: [], axes: [SweepAxis(parsing: "n=1..7")], seeds: 3).cells
        let shards = try (1...4).map { try Shard(number: $0, count: 4) }
        for cell in cells { #expect(shards.filter { $0.contains(cell) }.count == 1) }
        #expect(throws: InputError.self) { try Shard(parsing: "5/4") }
        #expect(throws: InputError.self) { try Shard(parsing: "0/4") }
        #expect(throws: InputError.self) { try Shard(parsing: "1-4") }
    }

    @Test func definitionTextRoundTrips() throws {
        let definition = try SweepDefinition(arguments: ["--noise", "0.25"], axes: [SweepAxis(parsing: "n=1..3")], seeds: 2)
        #expect(try SweepDefinition(canonicalText: definition.canonicalText) == definition)
        #expect(!definition.canonicalText.contains("\n"))
    }
}
