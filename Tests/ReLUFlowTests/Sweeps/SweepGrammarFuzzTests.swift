import Foundation
import Testing
@testable import ReLUFlow

/// Random text and mutations of valid specs: the sweep grammar (axes, shards, results files)
/// never crashes and either parses into something valid or throws an `InputError`.
@Suite struct SweepGrammarFuzzTests {
    static let alphabet = Array("nlambda=0123456789..,,::-+eE login_ x")
    static let specs = ["n=10..2000:log:12", "lambda=1e-2,1e-6", "m=5,10,20", "n=1..5", "alpha=0.5..2:lin:4",
                        "log-lambda=-50..-5:3", "method=rk8pd,rkf45", "n=9223372036854775000..9223372036854775807"]

    static func mutate(_ text: String, _ rng: inout SeededGenerator) -> String {
        func below(_ n: Int) -> Int { Int(rng.next() % UInt64(max(n, 1))) }
        var chars = Array(text)
        for _ in 0...below(3) {
            let at = below(chars.count + 1)
            switch below(4) {
            case 0: if at < chars.count { chars.remove(at: at) }
            case 1: chars.insert(alphabet[below(alphabet.count)], at: at)
            case 2: chars.insert(contentsOf: String(rng.next() >> UInt64(below(64))), at: at)
            default: if at < chars.count { chars[at] = alphabet[below(alphabet.count)] }
            }
        }
        return String(chars)
    }

    func expectValidOrInputError(_ what: String, _ body: () throws -> Void) -> Bool {
        do {
            try body()
            return true
        } catch let error as InputError {
            #expect(!error.field.isEmpty && !error.reason.isEmpty, "\(what): \(error)")
        } catch {
            Issue.record("\(what): not an InputError: \(error)")
        }
        return false
    }

    @Test func axesAndShardsNeverCrash() throws {
        var rng = SeededGenerator(seed: 7)
        var (parsed, cases) = (0, 0)
        for k in 0..<8_000 {
            let text = k % 4 == 0
                ? String((0..<Int(rng.next() % 30)).map { _ in Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))] })
                : Self.mutate(Self.specs[Int(rng.next() % UInt64(Self.specs.count))], &rng)
            cases += 1
            let ok = expectValidOrInputError(text) {
                let axis = try SweepAxis(parsing: text)
                #expect(!axis.values.isEmpty && axis.values.count <= SweepAxis.maxValues && axis.values.allSatisfy { !$0.isEmpty })
                let definition = try SweepDefinition(arguments: [], axes: [axis], seeds: 1 + k % 3)
                #expect(try SweepDefinition(canonicalText: definition.canonicalText) == definition)
                #expect(definition.cellCount == axis.values.count * (1 + k % 3))
            }
            if ok { parsed += 1 }
            _ = expectValidOrInputError(text) { _ = try Shard(parsing: Self.mutate("3/8", &rng)) }
        }
        #expect(parsed > 1_000 && parsed < cases, "parsed \(parsed) of \(cases)")
        print("sweep grammar fuzz: \(cases) axis specs (\(parsed) parsed) and \(cases) shard specs, 0 crashes")
    }

    @Test func mutatedResultsFilesNeverCrash() throws {
        let definition = try SweepDefinition(arguments: ["--d", "2"], axes: [SweepAxis(parsing: "n=3,4")], seeds: 2)
        let valid = ResultsFile.preamble(definition, shard: .whole) + "0,3,0," + Array(repeating: "1", count: 15).joined(separator: ",")
            + "\n" + ResultsFile.failureLine(1, reason: "integration stopped at t = 1: f(x_1) = inf")
        let path = try temporaryFile("", name: "results.csv")
        var rng = SeededGenerator(seed: 11)
        var read = 0
        for _ in 0..<2_000 {
            let text = Self.mutate(valid, &rng)
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            if expectValidOrInputError(text, { _ = try ResultsFile(path: path) }) { read += 1 }
        }
        #expect(read > 0 && read < 2_000, "read \(read)")
        print("results-file fuzz: 2000 mutated files, \(read) read, 0 crashes")
    }
}
