import Foundation

/// Random initialization at scale lambda: w_j = lambda g_j with g_j ~ N(0, I_d / d).
public struct Initialization: Sendable, Equatable {
    /// How the output weights are drawn.
    public enum Balance: String, CaseIterable, Sendable {
        /// a_j = s_j ||w_j|| with random signs s_j: a_j^2 - ||w_j||^2 = 0, conserved by the flow.
        case balanced
        /// a_j = lambda z_j with z_j ~ N(0, 1) independent of w_j.
        case unbalanced
    }

    /// Natural log of lambda, so that lambda below the smallest double stays representable.
    public var logScale: Double
    public var balance: Balance
    public var seed: UInt64
    /// Neurons in pairs (a, w), (-a, w) (drawn once per pair), so that f(theta0) = 0 everywhere.
    public var centred = false

    /// - Throws: unless logScale is finite.
    public init(logScale: Double, balance: Balance = .balanced, seed: UInt64, centred: Bool = false) throws {
        guard logScale.isFinite else {
            throw InputError(field: "logScale", value: "\(logScale)", reason: "must be a finite number")
        }
        self.logScale = logScale
        self.balance = balance
        self.seed = seed
        self.centred = centred
    }

    /// - Throws: unless lambda is finite and > 0.
    public init(scale lambda: Double, balance: Balance = .balanced, seed: UInt64, centred: Bool = false) throws {
        try InputError.requirePositive(lambda, "lambda")
        try self.init(logScale: log(lambda), balance: balance, seed: seed, centred: centred)
    }

    /// A network of `width` neurons on inputs of dimension `dimension`. Centred: neurons 2k and
    /// 2k + 1 share w and have opposite a.
    /// - Throws: for width or dimension <= 0, or an odd width when centred.
    public func network(width: Int, dimension: Int) throws -> Network {
        try InputError.requirePositive(width, "width")
        try InputError.requirePositive(dimension, "dimension")
        try MemoryBudget.require([("m", width), ("d", dimension)], copies: 40, field: "width",
                                 what: "the network and the solver's work vectors")
        if centred, width % 2 != 0 {
            throw InputError(field: "width", value: "\(width)",
                             reason: "a centred init pairs the neurons as (a, w), (-a, w): m must be even")
        }
        var rng = SeededGenerator(seed: seed ^ 0x5EED_1417)
        var w = Matrix(rows: width, columns: dimension)
        var a = [Double](repeating: 0, count: width)
        for j in 0..<width {
            if centred, j % 2 == 1 {
                for k in 0..<dimension { w[j, k] = w[j - 1, k] }
                a[j] = -a[j - 1]
                continue
            }
            let g = rng.gaussianVector(dimension, variance: 1 / Double(dimension))
            for k in 0..<dimension { w[j, k] = g[k] }
            switch balance {
            case .balanced: a[j] = rng.sign() * euclideanNorm(g)
            case .unbalanced: a[j] = rng.gaussian()
            }
        }
        // Keep the scale in the weights when it is an ordinary double; otherwise carry it apart.
        if logScale > -600 {
            let s = exp(logScale)
            return try Network(outputWeights: a.map { $0 * s },
                               hiddenWeights: Matrix(rows: width, columns: dimension, storage: w.storage.map { $0 * s }))
        }
        return try Network(outputWeights: a, hiddenWeights: w, logScale: logScale)
    }
}
