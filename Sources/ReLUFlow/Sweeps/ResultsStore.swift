import Foundation

/// Appends finished cells to a sweep's results file so that no finished cell is ever lost or
/// torn: each line goes out in a single write(2) on an O_APPEND descriptor, followed by fsync.
/// A new file is written whole to a temporary name and linked into place (never over another
/// file). The store holds an exclusive lock on the file while it is open, so that two sweeps
/// never write the same file. Opening an existing file checks that it records the same sweep and
/// shard, and cuts off a torn last line (a write interrupted by a kill), so that re-running the
/// same command resumes where it stopped.
public final class ResultsStore {
    public let path: String
    public let definition: SweepDefinition
    /// Cells already in the file (finished or failed), by index.
    public private(set) var finished: Set<Int>
    /// Cells recorded as failed, by index.
    public private(set) var failed: Set<Int>
    private let descriptor: Int32

    /// Opens and locks `path` for `definition` and `shard`, creating it if it does not exist.
    /// - Throws: `InputError` when the file belongs to another sweep or shard, is in use by
    ///   another sweep, or cannot be written.
    public init(path: String, definition: SweepDefinition, shard: Shard) throws {
        self.path = path
        self.definition = definition
        try Self.createIfAbsent(path: path, contents: ResultsFile.preamble(definition, shard: shard))
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw InputError(field: "resultsPath", value: path, reason: "must be a regular file (results are appended to it and read back to resume)")
        }
        descriptor = open(path, O_WRONLY | O_APPEND)
        guard descriptor >= 0 else {
            throw InputError(field: "resultsPath", value: path, reason: "cannot open for appending (\(String(cString: strerror(errno))))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno == EWOULDBLOCK
                ? "is in use by another sweep (it holds the file's lock); wait for it to end, or use another file"
                : "cannot be locked (\(String(cString: strerror(errno))))"
            close(descriptor)
            throw InputError(field: "resultsPath", value: path, reason: reason)
        }
        do {
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
            failed = Set(existing.failures.keys)
            finished = Set(existing.rows.keys).union(failed)
        } catch {
            close(descriptor)
            throw error
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
        try appendLine(fields.joined(separator: ",") + "\n")
        finished.insert(index)
    }

    /// Records that cell `index` failed, with the reason, and makes it durable.
    public func appendFailure(_ index: Int, reason: String) throws {
        guard !finished.contains(index) else {
            throw InputError(field: "cell", value: "\(index)", reason: "already in \(path)")
        }
        try appendLine(ResultsFile.failureLine(index, reason: reason))
        finished.insert(index)
        failed.insert(index)
    }

    /// One write(2) of the whole line, then fsync.
    private func appendLine(_ line: String) throws {
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            let reason = written < 0 ? String(cString: strerror(errno)) : "only \(written) of \(bytes.count) bytes written: is the disk full?"
            throw InputError(field: "resultsPath", value: path, reason: "write failed (\(reason))")
        }
        guard fsync(descriptor) == 0 else {
            throw InputError(field: "resultsPath", value: path, reason: "sync failed (\(String(cString: strerror(errno))))")
        }
    }

    /// Writes `contents` to a temporary file next to `path`, syncs it and links it into place
    /// unless `path` exists already (then leaves `path` alone).
    static func createIfAbsent(path: String, contents: String) throws {
        var info = stat()
        guard lstat(path, &info) != 0 else { return }
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try OutputFile.write(contents, to: temporary, option: "resultsPath")
        defer { unlink(temporary) }
        // A file system without hard links: rename instead (not safe against a concurrent creator).
        if link(temporary, path) != 0, errno == EPERM || errno == EOPNOTSUPP, rename(temporary, path) == 0 { return }
        guard access(path, F_OK) == 0 else {
            throw InputError(field: "resultsPath", value: path, reason: "cannot create (\(String(cString: strerror(errno))))")
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
