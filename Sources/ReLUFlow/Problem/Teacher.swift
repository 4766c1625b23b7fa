/// Built-in data generators. Every generator is deterministic in its seed.
public enum Teacher: Sendable, Equatable {
    /// How inputs of the linear teacher are drawn.
    public enum InputDistribution: String, CaseIterable, Sendable {
        /// x ~ N(0, I_d).
        case gaussian
        /// x uniform on the unit sphere of R^d.
        case sphere
    }

    /// y = <beta*, x> + noise * eps, beta* = e_1, eps ~ N(0, 1).
    case linear(inputs: InputDistribution)
    /// x_k = e_k (n = d), labels of random sign and magnitude uniform in [1, 2] (noise is ignored).
    case orthogonal
    /// y = sum_{l <= k} relu(<v_l, x>) + noise * eps, v_l uniform unit vectors, x ~ N(0, I_d).
    case relu(neurons: Int)
    /// Two Gaussian clusters N(+-mu, I_d / d), mu = 2 e_1, labels +-1 (the cluster it came from);
    /// `noise` is the probability of flipping a label.
    case clusters
    /// The symmetric Gaussian mixture x = kappa y e_1 + sigma z, y = +-1 (noise is ignored).
    case mixture(GaussianMixture)

    /// Draws n samples in dimension d.
    public func sample(n: Int, d: Int, noise: Double, seed: UInt64) throws -> Dataset {
        try InputError.requirePositive(n, "n")
        try InputError.requirePositive(d, "d")
        try MemoryBudget.require([("n", n), ("d", d)], copies: 3, field: "n, d (samples, dimension)", what: "the inputs")
        guard noise.isFinite, noise >= 0 else {
            throw InputError(field: "noise", value: "\(noise)", reason: "must be a finite number >= 0")
        }
        var rng = SeededGenerator(seed: seed)
        var x = Matrix(rows: n, columns: d)
        var y = [Double](repeating: 0, count: n)
        switch self {
        case .linear(let distribution):
            for i in 0..<n {
                var row = rng.gaussianVector(d)
                if distribution == .sphere {
                    let r = euclideanNorm(row)
                    row = row.map { $0 / r }
                }
                for k in 0..<d { x[i, k] = row[k] }
                y[i] = row[0] + noise * rng.gaussian()
            }
        case .orthogonal:
            guard n == d else {
                throw InputError(field: "n", value: "\(n)", reason: "orthogonal inputs need n = d (d = \(d))")
            }
            for i in 0..<n {
                x[i, i] = 1
                y[i] = rng.sign() * (1 + rng.uniform())
            }
        case .relu(let k):
            try InputError.requirePositive(k, "teacherNeurons")
            let directions: [[Double]] = (0..<k).map { _ in
                let v = rng.gaussianVector(d)
                let r = euclideanNorm(v)
                return v.map { $0 / r }
            }
            for i in 0..<n {
                let row = rng.gaussianVector(d)
                for c in 0..<d { x[i, c] = row[c] }
                y[i] = directions.reduce(0) { $0 + max(0, dot($1, row)) } + noise * rng.gaussian()
            }
        case .clusters:
            guard noise <= 1 else {
                throw InputError(field: "noise", value: "\(noise)", reason: "label-flip probability must be in [0, 1]")
            }
            for i in 0..<n {
                let label = rng.sign()
                let row = rng.gaussianVector(d, variance: 1 / Double(d))
                for c in 0..<d { x[i, c] = row[c] + (c == 0 ? 2 * label : 0) }
                y[i] = rng.uniform() < noise ? -label : label
            }
        case .mixture(let mixture):
            (x, y) = mixture.draw(n: n, d: d, rng: &rng)
        }
        return try Dataset(inputs: x, labels: y)
    }
}
