/// A binary classification task with label noise: x ~ N(0, I_d), clean label
/// y = sign(sum_{l <= k} relu(<v_l, x>) - tau) for k random unit teacher directions v_l and tau
/// the median of the teacher's output over the drawn inputs (balanced classes); each training
/// label is flipped with probability `flip`, test labels are clean. The inputs are drawn and tau
/// taken over the training and test inputs together, so `nTest` changes the training task too.
public struct ClassificationTask: Sendable {
    public let train: Dataset
    public let test: Dataset

    /// - Throws: on n, nTest, d, k not > 0 or flip outside [0, 1/2).
    public init(n: Int, nTest: Int, d: Int, teacherNeurons k: Int, flip: Double, seed: UInt64) throws {
        try InputError.requirePositive(nTest, "test samples")
        guard flip.isFinite, flip >= 0, flip < 0.5 else {
            throw InputError(field: "label flip", value: "\(flip)", reason: "must be a probability in [0, 0.5)")
        }
        let pooled = try Teacher.relu(neurons: k).sample(n: n + nTest, d: d, noise: 0, seed: seed)
        let sorted = pooled.labels.sorted()
        let tau = 0.5 * (sorted[(n + nTest - 1) / 2] + sorted[(n + nTest) / 2])
        var rng = SeededGenerator(seed: seed ^ 0xF11B_5EED)
        let clean = pooled.labels.map { $0 > tau ? 1.0 : -1.0 }
        let noisy = clean.enumerated().map { i, y in i < n && rng.uniform() < flip ? -y : y }
        let rows = pooled.inputs
        train = try Dataset(inputs: Matrix(rows: n, columns: d, storage: Array(rows.storage[0..<(n * d)])),
                            labels: Array(noisy[0..<n]))
        test = try Dataset(inputs: Matrix(rows: nTest, columns: d, storage: Array(rows.storage[(n * d)...])),
                           labels: Array(clean[n...]))
    }
}
