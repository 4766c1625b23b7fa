import CFieldKernels

/// How the O(nm) passes over the (sample, neuron) pair arrays are shared among threads: each pass
/// is cut into contiguous blocks of rows (samples) or columns (neurons), and each block is
/// computed exactly as the whole pass computes it (a row's sum, or a column's sum over the rows
/// in order), so that the numbers are the same to the bit whatever the number of threads.
final class PairPartition {
    /// The number of blocks (1: every pass runs on the calling thread).
    let parts: Int
    /// The number of partial sums of a sum over the samples (`partialSums` from `minimumPairs`
    /// pairs on, else 1): set by the problem's size alone, never by the threads, so that the
    /// sums are the same to the bit whatever their number.
    let partials: Int
    private let pool: OpaquePointer?

    /// Blocks for a problem of `pairs` pairs with up to `threads` threads: one block below
    /// `minimumPairs` (below `parallelPairs` a second thread was not measured to pay).
    init(threads: Int, pairs: Int, minimumPairs: Int = PairPartition.parallelPairs) {
        let shares = pairs >= minimumPairs
        pool = shares ? rf_pool_create(Int32(clamping: threads)) : nil
        parts = pool == nil ? 1 : threads
        partials = shares ? Self.partialSums : 1
    }

    deinit { rf_pool_destroy(pool) }

    /// Fewest pairs for which passes are shared. Ours, measured on 2 cores (`farm-bench`, wall
    /// time of `reluflow run --n N --m N --d 5 --lambda 1e-6 --time 100`, 2 threads against 1):
    /// 0.81 at n = m = 128 (16,384 pairs, noisy: 0.72 to 1.15), 0.75 at 200, 0.74 at 300, 0.71 at 400.
    static let parallelPairs = 16_384
    /// Partial sums over the samples of a shared problem: as many threads can share such a sum.
    static let partialSums = 4

    /// Runs `body` on the blocks of 0..<count, concurrently when there are several; each block
    /// but the last starts at a multiple of `alignment` (the kernels' lanes, for column blocks).
    func forEachBlock(of count: Int, alignment: Int = 1, _ body: (Range<Int>) -> Void) {
        run(bounds(of: count, alignment: alignment)) { _, range in body(range) }
    }

    /// `body` of each block of 0..<count (cut as `forEachBlock` cuts them), in the order of the blocks.
    func mapBlocks<T>(of count: Int, _ body: (Range<Int>) -> T) -> [T] {
        let bounds = bounds(of: count, alignment: 1), blocks = bounds.count - 1
        let results = UnsafeMutablePointer<T>.allocate(capacity: blocks)
        defer { results.deallocate() }
        run(bounds) { b, range in (results + b).initialize(to: body(range)) }
        return (0..<blocks).map { (results + $0).move() }
    }

    /// The blocks' bounds: blocks + 1 increasing offsets from 0 to count.
    private func bounds(of count: Int, alignment: Int) -> [Int] {
        let blocks = min(parts, max(1, count / max(alignment, 1)))
        return (0...blocks).map { b in b == blocks ? count : count * b / blocks / alignment * alignment }
    }

    /// Runs body(b, block b) for every block, block 0 on the calling thread.
    private func run(_ bounds: [Int], _ body: (Int, Range<Int>) -> Void) {
        let blocks = bounds.count - 1
        guard blocks > 1 else { body(0, 0..<bounds[1]); return }
        withoutActuallyEscaping(body) { body in
            var job = BlockJob(bounds: bounds, body: body)
            withUnsafeMutablePointer(to: &job) { pointer in
                rf_pool_run(pool, blocks, { context, b in
                    let job = context!.assumingMemoryBound(to: BlockJob.self)
                    job.pointee.body(b, job.pointee.bounds[b]..<job.pointee.bounds[b + 1])
                }, pointer)
            }
        }
    }
}

/// One pass's blocks and the work of a block, read by every thread of the pool.
private struct BlockJob {
    let bounds: [Int]
    let body: (Int, Range<Int>) -> Void
}
