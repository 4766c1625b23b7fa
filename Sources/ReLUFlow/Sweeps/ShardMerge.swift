import Foundation

/// Combines the results files of a sweep's shards into one file of the whole sweep, lines in
/// cell order.
public enum ShardMerge {
    /// What a merge found.
    public struct Summary: Sendable {
        public let cells: Int
        public let total: Int
    }

    /// Merges `inputs` into `output`.
    /// - Throws: `InputError` when the files record different sweeps, shards of different
    ///   splits, the same shard twice, or the same cell twice.
    @discardableResult
    public static func merge(_ inputs: [String], into output: String) throws -> Summary {
        guard !inputs.isEmpty else {
            throw InputError(field: "merge inputs", value: "", reason: "give the shard results files to merge")
        }
        let files = try inputs.map { try ResultsFile(path: $0) }
        let definition = files[0].definition
        var shards = Set<Int>()
        var rows: [Int: [String]] = [:]
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
                guard rows[index] == nil else {
                    throw InputError(field: "merge input", value: path, reason: "cell \(index) is also in another input")
                }
                rows[index] = row
            }
        }
        let body = rows.keys.sorted().map { rows[$0]!.joined(separator: ",") + "\n" }.joined()
        try ResultsStore.create(path: output, preamble: ResultsFile.preamble(definition, shard: .whole) + body)
        return Summary(cells: rows.count, total: definition.cells.count)
    }
}
