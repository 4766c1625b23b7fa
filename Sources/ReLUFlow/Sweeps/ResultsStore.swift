import Foundation

/// Appends finished cells to a sweep's results file so that no finished cell is ever lost or
/// torn: each line goes out in a single write(2) on an O_APPEND descriptor, followed by fsync.
/// A new file is written whole to a temporary name and renamed into place. Opening an existing
/// file checks that it records the same sweep and shard, and cuts off a torn last line (a write
/// interrupted by a kill), so that re-running the same command resumes where it stopped.
public final class ResultsStore {
    public let path: String
    public let definition: SweepDefinition
    /// Cells already in the file, by index.
    public private(set) var finished: Set<Int>
    private let descriptor: Int32

    /// Opens `path` for `definition` and `shard`, creating it if it does not exist.
    /// - Throws: `InputError` when the file belongs to another sweep or shard, or cannot be written.
    public init(path: String, definition: SweepDefinition, shard: Shard) throws {
        self.path = path
        self.definition = definition
        if !FileManager.default.fileExists(atPath: path) {
            try Self.create(path: path, preamble: ResultsFile.preamble(definition, shard: shard))
        }
        try Self.cutTornLine(path)
        let existing = try ResultsFile(path: path)
        guard existing.definition == definition else {
            throw InputError(field: "resultsPath", value: path, reason: """
                holds the results of a different sweep; use another file or delete it.
                  in the file: \(existing.definition.canonicalText)
                  this sweep:  \(definition.canonicalText)
                """)
        }
        guard existing.shard == shard else {
            throw InputError(field: "resultsPath", value: path,
                             reason: "holds shard \(existing.shard) of this sweep, not shard \(shard)")
        }
        finished = Set(existing.rows.keys)
        descriptor = open(path, O_WRONLY | O_APPEND)
        guard descriptor >= 0 else {
            throw InputError(field: "resultsPath", value: path, reason: "cannot open for appending (\(String(cString: strerror(errno))))")
        }
    }

    deinit { close(descriptor) }

    /// Appends one cell's line (its fields, `cell` first) and makes it durable.
    public func append(_ fields: [String]) throws {
        guard let index = Int(fields[0]), !finished.contains(index) else {
            throw InputError(field: "cell", value: fields[0], reason: "already in \(path)")
        }
        if let bad = fields.first(where: { $0.contains(",") || $0.contains("\n") }) {
            throw InputError(field: "results field", value: bad, reason: "must not contain a comma or a newline")
        }
        let bytes = Array((fields.joined(separator: ",") + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw InputError(field: "resultsPath", value: path, reason: "write failed (\(String(cString: strerror(errno))))")
        }
        fsync(descriptor)
        finished.insert(index)
    }

    /// Writes `contents` to a temporary file next to `path`, syncs it and renames it into place.
    static func create(path: String, preamble contents: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw InputError(field: "resultsPath", value: path, reason: "cannot create (\(String(cString: strerror(errno))))")
        }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        fsync(fd)
        close(fd)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw InputError(field: "resultsPath", value: path, reason: "cannot write (\(String(cString: strerror(errno))))")
        }
    }

    /// Truncates the file after its last newline (drops a torn last line).
    static func cutTornLine(_ path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let last = data.last, last != UInt8(ascii: "\n") else {
            return
        }
        let keep = (data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        guard truncate(path, off_t(keep)) == 0 else {
            throw InputError(field: "resultsPath", value: path, reason: "cannot cut its torn last line (\(String(cString: strerror(errno))))")
        }
    }
}
