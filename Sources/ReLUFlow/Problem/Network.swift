import Foundation

/// Parameters of f(x) = alpha * sum_j a_j relu(<w_j, x>): output weights a (m) and hidden weights
/// W (m x d, row j is w_j), both multiplied by exp(logScale).
///
/// The scale factor lets an initialization far below the smallest double (lambda = exp(-5000))
/// be represented exactly: the log-norm formulation reads log||w_j|| = logScale + log||W_j||
/// and never forms the product.
public struct Network: Equatable, Sendable {
    public var outputWeights: [Double]
    public var hiddenWeights: Matrix
    /// Natural log of the common factor of every parameter (0 for plain weights).
    public var logScale: Double

    public init(outputWeights: [Double], hiddenWeights: Matrix, logScale: Double = 0) throws {
        try InputError.requirePositive(outputWeights.count, "width")
        guard hiddenWeights.rows == outputWeights.count else {
            throw InputError(field: "hidden weights", value: "\(hiddenWeights.rows) rows",
                             reason: "need one row per neuron (m = \(outputWeights.count))")
        }
        try InputError.requireFinite(logScale, "log scale")
        for (j, a) in outputWeights.enumerated() where !a.isFinite {
            throw InputError(field: "a of neuron \(j + 1)", value: "\(a)", reason: "weights must be finite")
        }
        for j in 0..<hiddenWeights.rows {
            for k in 0..<hiddenWeights.columns where !hiddenWeights[j, k].isFinite {
                throw InputError(field: "w\(k + 1) of neuron \(j + 1)", value: "\(hiddenWeights[j, k])",
                                 reason: "weights must be finite")
            }
        }
        self.outputWeights = outputWeights
        self.hiddenWeights = hiddenWeights
        self.logScale = logScale
    }

    public var width: Int { outputWeights.count }
    public var dimension: Int { hiddenWeights.columns }

    /// a_j as a double (underflows to 0 when logScale is far below -745).
    public func outputWeight(_ j: Int) -> Double { outputWeights[j] * exp(logScale) }

    /// w_j as doubles (underflow as for `outputWeight`).
    public func hiddenWeight(_ j: Int) -> [Double] { hiddenWeights.row(j).map { $0 * exp(logScale) } }

    /// The same network with the common scale multiplied into the weights.
    public func materialised() -> Network {
        let s = exp(logScale)
        return try! Network(outputWeights: outputWeights.map { $0 * s },
                            hiddenWeights: Matrix(rows: width, columns: dimension,
                                                  storage: hiddenWeights.storage.map { $0 * s }))
    }

    /// True when a_j^2 = ||w_j||^2 for every neuron to relative precision `tolerance` (and no w_j is 0):
    /// the flow conserves a_j^2 - ||w_j||^2, so such a network stays balanced.
    public func isBalanced(tolerance: Double = 1e-12) -> Bool {
        (0..<width).allSatisfy { j in
            let r = euclideanNorm(hiddenWeights.row(j))
            return r > 0 && abs(abs(outputWeights[j]) - r) <= tolerance * r
        }
    }

    /// The neurons in the order `order`.
    public func permutingNeurons(_ order: [Int]) -> Network {
        try! Network(outputWeights: order.map { outputWeights[$0] },
                     hiddenWeights: hiddenWeights.permutingRows(order), logScale: logScale)
    }
}
