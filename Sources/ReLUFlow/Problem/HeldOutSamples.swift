extension Teacher {
    /// `count` held-out samples for the training set `sample(n: n, d: d, noise: _, seed: seed)`: the
    /// rows after the first n of the same draw continued to n + count samples (fresh inputs; a relu
    /// teacher keeps its directions), with label noise `noise`. The first n rows of that draw are
    /// the training inputs, whatever the noise (every sample draws its noise).
    /// - Throws: on count or n not > 0, or what `sample` throws (orthogonal inputs need n + count = d).
    public func heldOut(count: Int, after n: Int, d: Int, noise: Double, seed: UInt64) throws -> Dataset {
        try InputError.requirePositive(count, "held-out samples")
        try InputError.requirePositive(n, "n")
        return try sample(n: n + count, d: d, noise: noise, seed: seed).samples(n..<(n + count))
    }
}

extension Dataset {
    /// The samples with indices in `range` (a non-empty range within 0..<n), in order.
    public func samples(_ range: Range<Int>) throws -> Dataset {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= sampleCount else {
            throw InputError(field: "sample range", value: "\(range)", reason: "must be non-empty within 0..<\(sampleCount)")
        }
        let d = dimension
        return try Dataset(inputs: Matrix(rows: range.count, columns: d,
                                          storage: Array(inputs.storage[(range.lowerBound * d)..<(range.upperBound * d)])),
                           labels: Array(labels[range]))
    }
}
