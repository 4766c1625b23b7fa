import Foundation

/// Combines the results files of a sweep's shards into one file of the whole sweep, lines in
/// cell order.
public enum ShardMerge {
    /// What a merge found.
    public struct Summary: Sendable {
        /// Cells with results, cells recorded as failed, and all cells of the sweep.
        public let cells: Int
        public var failed = 0
        public let total: Int
    }

    /// Merges `inputs` into `output`. The output may not be an input; an existing output is
    /// replaced only when it holds the merged results of the same sweep (an earlier merge), or
    /// with `force`.
    /// - Throws: `InputError` when the files record different sweeps, shards of different
    ///   splits, the same shard twice, or the same cell twice, or for a refused output.
    @discardableResult
    public static func merge(_ inputs: [String], into output: String, force: Bool = false) throws -> Summary {
        guard !inputs.isEmpty else {
            throw InputError(field: "merge inputs", value: "", reason: "give the shard results files to merge")
        }
        let files = try inputs.map { try ResultsFile(path: $0) }
        let earlierMerge = (try? ResultsFile(path: output)).map { $0.definition == files[0].definition && $0.shard == .whole } ?? false
        _ = try OutputPlan(inputs: inputs.map { OutputPlan.Path("merge input", $0) }, outputs: [OutputPlan.Path("--out", output)],
                           force: force || earlierMerge)
        let definition = files[0].definition
        var shards = Set<Int>()
        var rows: [Int: [String]] = [:]
        var failures: [Int: String] = [:]
        for (path, file) in zip(inputs, files) {
            guard file.definition == definition else {
                throw InputError(field: "merge input", value: path, reason: """
                    records a different sweep than \(inputs[0]):
                      \(file.definition.canonicalText)
                      \(definition.canonicalText)
                    """)
            }
            guard file.shard.count == files[0].shard.count else {
                throw InputError(field: "merge input", value: path,
                                 reason: "is shard \(file.shard) but \(inputs[0]) is shard \(files[0].shard): different splits")
            }
            guard shards.insert(file.shard.number).inserted else {
                throw InputError(field: "merge input", value: path, reason: "shard \(file.shard) is given twice")
            }
            for (index, row) in file.rows {
                guard rows[index] == nil, failures[index] == nil else {
                    throw InputError(field: "merge input", value: path, reason: "cell \(index) is also in another input")
                }
                rows[index] = row
            }
            for (index, reason) in file.failures {
                guard rows[index] == nil, failures[index] == nil else {
                    throw InputError(field: "merge input", value: path, reason: "cell \(index) is also in another input")
                }
                failures[index] = reason
            }
        }
        let body = rows.keys.sorted().map { rows[$0]!.joined(separator: ",") + "\n" }.joined()
            + failures.keys.sorted().map { ResultsFile.failureLine($0, reason: failures[$0]!) }.joined()
        try OutputFile.write(ResultsFile.preamble(definition, shard: .whole) + body, to: output, option: "--out")
        return Summary(cells: rows.count, failed: failures.count, total: definition.cellCount)
    }
}
