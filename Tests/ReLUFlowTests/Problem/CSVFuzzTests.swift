import Foundation
import Testing
@testable import ReLUFlow

/// Random bytes and mutations of valid files: the CSV readers never crash, and each input is
/// either read into a valid data set or network, or refused with an `InputError` that names a
/// field and a reason.
@Suite struct CSVFuzzTests {
    /// Bytes a CSV reader meets, and some it should not: digits, separators, quotes, line ends,
    /// header letters, NUL, invalid UTF-8, a byte-order mark.
    static let alphabet: [[UInt8]] = Array("0123456789,,,\n\n\r\".-+eExywa _infNaN".utf8).map { [$0] }
        + [[0], [0xFF], [0xC3], [0xEF, 0xBB, 0xBF], Array("1e400".utf8), Array("x1,x2,y\n".utf8), Array("a,w1,w2\n".utf8)]

    static let seeds: [[UInt8]] = [
        Array("x1,x2,y\n1,2,3\n-4.5,5e-3,6\n".utf8),
        Array("a,w1,w2\n0.5,1,-2\n-0.25,3,4\n".utf8),
        Array("\u{FEFF}x1,y\r\n\"1.5\",2\r\n3,4\r\n".utf8),
        Array("a,w1\n1,2\n".utf8),
    ]

    /// One fuzz input: random bytes (a third of the cases) or 1-4 mutations of a valid file.
    static func input(_ rng: inout SeededGenerator, case k: Int) -> [UInt8] {
        func below(_ n: Int) -> Int { Int(rng.next() % UInt64(max(n, 1))) }
        if k % 3 == 0 {
            return (0..<below(120)).flatMap { _ in alphabet[below(alphabet.count)] }
        }
        var bytes = seeds[below(seeds.count)]
        for _ in 0...below(4) {
            let at = below(bytes.count + 1)
            switch below(5) {
            case 0: if at < bytes.count { bytes.remove(at: at) }
            case 1: bytes.insert(contentsOf: alphabet[below(alphabet.count)], at: at)
            case 2: if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: rng.next()) }
            case 3: bytes.insert(contentsOf: bytes[at...].prefix(below(12)), at: at)  // repeat a stretch
            default: bytes = Array(bytes.prefix(at))  // cut short
            }
        }
        return bytes
    }

    @Test func readersNeverCrashAndEitherReadOrExplain() throws {
        let path = "fuzz.csv"
        var rng = SeededGenerator(seed: 13)
        var (read, refused, cases) = (0, 0, 0)
        for k in 0..<10_000 {
            let bytes = Self.input(&rng, case: k)
            cases += 1
            func text(_ role: String) throws -> NumericCSV {
                try NumericCSV(text: NumericCSV.decode(Data(bytes), path: path, role: role), path: path, role: role)
            }
            var dataset: Dataset?
            for reader in [{ dataset = try Dataset(csv: text("--data"), path: path) },
                           { _ = try Network(csv: text("--init"), path: path) }] as [() throws -> Void] {
                do {
                    try reader()
                    read += 1
                } catch let error as InputError {
                    refused += 1
                    #expect(!error.field.isEmpty && !error.reason.isEmpty, "\(error) for \(bytes)")
                } catch {
                    Issue.record("not an InputError: \(error) for \(bytes)")
                }
            }
            if let data = dataset {
                #expect(data.sampleCount > 0 && data.inputs.storage.allSatisfy { $0.isFinite } && data.labels.allSatisfy { $0.isFinite })
            }
        }
        #expect(cases == 10_000)
        #expect(read > 300 && refused > 5_000, "read \(read), refused \(refused)")
        print("CSV fuzz: \(cases) inputs, \(2 * cases) reads: \(read) read, \(refused) refused, 0 crashes")
        // The file layer (stat, read, decode) on a sample of the inputs.
        let file = try temporaryFile("", name: "fuzz.csv")
        var fileRng = SeededGenerator(seed: 14)
        for k in 0..<300 {
            try Data(Self.input(&fileRng, case: k)).write(to: URL(fileURLWithPath: file))
            do { _ = try Dataset(csvPath: file) } catch is InputError {} catch { Issue.record("not an InputError: \(error)") }
        }
    }
}
