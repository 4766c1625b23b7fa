import Foundation

/// The results file of a sweep: CSV with a commented preamble that records the sweep.
///
///     # reluflow sweep results
///     # definition: {"arguments":[...],"axes":[...],"format":"reluflow-sweep-1","seeds":5}
///     # shard: 1/1
///     cell,n,lambda,replicate,train_loss,...
///     0,10,0.01,0,0.0123...,...
///
/// One line per finished cell, in the order cells finished; `cell` is the index in
/// `SweepDefinition.cells`. A cell whose run failed has a comment line instead, with the reason:
///
///     # failed cell 7: integration stopped at t = 3.5: ...
public struct ResultsFile: Sendable {
    public let definition: SweepDefinition
    public let shard: Shard
    public let header: [String]
    /// Finished cells by index: every field of its line.
    public let rows: [Int: [String]]
    /// Failed cells by index: the reason recorded.
    public let failures: [Int: String]

    static let title = "# reluflow sweep results"
    static let definitionPrefix = "# definition: "
    static let shardPrefix = "# shard: "
    static let failurePrefix = "# failed cell "

    /// The line recording that cell `index` failed (the reason on one line).
    static func failureLine(_ index: Int, reason: String) -> String {
        failurePrefix + "\(index): " + reason.replacingOccurrences(of: "\n", with: " ") + "\n"
    }

    /// The column names of a sweep's results.
    public static func header(for definition: SweepDefinition) -> [String] {
        ["cell"] + definition.axes.map(\.name) + ["replicate"] + definition.recordColumns
    }

    static func preamble(_ definition: SweepDefinition, shard: Shard) -> String {
        [title, definitionPrefix + definition.canonicalText, shardPrefix + shard.description,
         header(for: definition).joined(separator: ",")].joined(separator: "\n") + "\n"
    }

    /// Reads a results file. A last line without its newline (a write cut short) is ignored.
    /// - Throws: `InputError` when the file is missing or not a sweep's results.
    public init(path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw InputError(field: "results file", value: path, reason: access(path, F_OK) == 0
                ? "is not a regular file (a results file is appended to and read back)" : "does not exist")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(field: "results file", value: path, reason: "cannot be read (\(String(cString: strerror(errno))))")
        }
        var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        lines.removeLast()  // after the last newline: empty, or a torn line
        guard lines.count >= 4, lines[0] == Self.title, lines[1].hasPrefix(Self.definitionPrefix),
              lines[2].hasPrefix(Self.shardPrefix) else {
            throw InputError(field: "results file", value: path,
                             reason: "not a reluflow sweep results file (its first lines must be the '# reluflow sweep results' preamble)")
        }
        definition = try SweepDefinition(canonicalText: String(lines[1].dropFirst(Self.definitionPrefix.count)))
        shard = try Shard(parsing: String(lines[2].dropFirst(Self.shardPrefix.count)))
        header = lines[3].components(separatedBy: ",")
        guard header == Self.header(for: definition) else {
            throw InputError(field: "results file \(path) line 4", value: lines[3], reason: "the column header does not match the sweep's definition")
        }
        let cellCount = definition.cellCount
        var rows: [Int: [String]] = [:]
        var failures: [Int: String] = [:]
        for (k, line) in lines.dropFirst(4).enumerated() {
            if line.hasPrefix(Self.failurePrefix) {
                let rest = line.dropFirst(Self.failurePrefix.count)
                guard let colon = rest.firstIndex(of: ":"), let index = Int(rest[..<colon]), (0..<cellCount).contains(index) else {
                    throw InputError(field: "results file \(path) line \(k + 5)", value: line,
                                     reason: "expected '# failed cell <index>: <reason>' with an index below \(cellCount)")
                }
                guard rows[index] == nil, failures[index] == nil else {
                    throw InputError(field: "results file \(path) line \(k + 5)", value: line, reason: "cell \(index) appears twice")
                }
                failures[index] = String(rest[rest.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                continue
            }
            let fields = line.components(separatedBy: ",")
            guard fields.count == header.count, let index = Int(fields[0]), (0..<cellCount).contains(index) else {
                throw InputError(field: "results file \(path) line \(k + 5)", value: line,
                                 reason: "expected \(header.count) fields starting with a cell index below \(cellCount)")
            }
            guard rows[index] == nil, failures[index] == nil else {
                throw InputError(field: "results file \(path) line \(k + 5)", value: line, reason: "cell \(index) appears twice")
            }
            rows[index] = fields
        }
        self.rows = rows
        self.failures = failures
    }

    /// The value of `column` in each finished cell's row, by cell index.
    public func column(_ name: String) throws -> [Int: String] {
        guard let c = header.firstIndex(of: name) else {
            throw InputError(field: "column", value: name, reason: "not in the results; columns: \(header.joined(separator: ", "))")
        }
        return rows.mapValues { $0[c] }
    }
}
