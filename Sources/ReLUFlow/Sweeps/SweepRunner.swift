import Foundation

/// Runs a sweep's cells in parallel, at most `workers` at a time (a task group that starts a new
/// cell as each one finishes), and appends each finished cell to the results store as soon as
/// it is done. A cell whose evaluation throws is recorded as failed, with the error, and the
/// sweep goes on. Each cell is computed from its own arguments and seed only, so the rows do not
/// depend on the number of workers or the order cells finish in.
public struct SweepRunner: Sendable {
    /// Progress after each finished cell.
    public struct Progress: Sendable {
        /// Cells of this shard finished now and before this run, and their total.
        public let done: Int
        public let skipped: Int
        public let total: Int
        public let elapsed: Double
        /// Cells recorded as failed (now and before this run).
        public var failed = 0

        /// Seconds left at the pace of this run (nil before the first cell of this run finishes).
        public var remaining: Double? {
            let ran = done - skipped
            return ran > 0 ? elapsed / Double(ran) * Double(total - done) : nil
        }
    }

    public let workers: Int

    public init(workers: Int) throws {
        try InputError.requirePositive(workers, "workers")
        self.workers = workers
    }

    /// Runs the cells of `shard` not yet in `store`; `evaluate` computes a cell's observables.
    /// Returns the number of cells run.
    public func run<Record: SweepRecord>(_ definition: SweepDefinition, shard: Shard, store: ResultsStore,
                    evaluate: @escaping @Sendable (SweepCell) throws -> Record,
                    progress: (Progress) -> Void = { _ in }) async throws -> Int {
        let mine = definition.cells.filter(shard.contains)
        let pending = mine.filter { !store.finished.contains($0.index) }
        let skipped = mine.count - pending.count
        let start = Date()
        var done = skipped
        try await withThrowingTaskGroup(of: (SweepCell, Result<Record, Error>).self) { group in
            var next = pending.makeIterator()
            func startNext() {
                guard let cell = next.next() else { return }
                group.addTask {
                    do { return (cell, .success(try evaluate(cell))) } catch is CancellationError {
                        throw CancellationError()
                    } catch { return (cell, .failure(error)) }
                }
            }
            for _ in 0..<workers { startNext() }
            while let (cell, result) = try await group.next() {
                switch result {
                case .success(let record):
                    try store.append(["\(cell.index)"] + cell.values + ["\(cell.replicate)"] + record.fields)
                case .failure(let error):
                    try store.appendFailure(cell.index, reason: "\(error)")
                }
                done += 1
                progress(Progress(done: done, skipped: skipped, total: mine.count, elapsed: Date().timeIntervalSince(start),
                                  failed: store.failed.count))
                startNext()
            }
        }
        return pending.count
    }
}
