/// Training samples: inputs X (n x d, one row per sample) and labels y.
public struct Dataset: Equatable, Sendable {
    public var inputs: Matrix
    public var labels: [Double]

    /// Validates shapes and values: n, d > 0 and every entry finite.
    public init(inputs: Matrix, labels: [Double]) throws {
        try InputError.requirePositive(inputs.rows, "n (samples)")
        try InputError.requirePositive(inputs.columns, "d (input dimension)")
        guard labels.count == inputs.rows else {
            throw InputError(field: "labels", value: "\(labels.count)",
                             reason: "there must be one label per sample (n = \(inputs.rows))")
        }
        for i in 0..<inputs.rows {
            for k in 0..<inputs.columns where !inputs[i, k].isFinite {
                throw InputError(field: "x\(k + 1) of sample \(i + 1)", value: "\(inputs[i, k])",
                                 reason: "inputs must be finite")
            }
            guard labels[i].isFinite else {
                throw InputError(field: "y of sample \(i + 1)", value: "\(labels[i])", reason: "labels must be finite")
            }
        }
        self.inputs = inputs
        self.labels = labels
    }

    public var sampleCount: Int { inputs.rows }
    public var dimension: Int { inputs.columns }

    /// The same samples with a constant 1 appended to every input: a hidden bias becomes the last
    /// weight coordinate.
    public func appendingBiasInput() -> Dataset {
        var x = Matrix(rows: sampleCount, columns: dimension + 1)
        for i in 0..<sampleCount {
            for k in 0..<dimension { x[i, k] = inputs[i, k] }
            x[i, dimension] = 1
        }
        return try! Dataset(inputs: x, labels: labels)
    }

    /// The samples in the order `order` (a permutation of 0..<n).
    public func permutingSamples(_ order: [Int]) -> Dataset {
        try! Dataset(inputs: inputs.permutingRows(order), labels: order.map { labels[$0] })
    }
}
