import Foundation

/// The state of the flow at one time.
public struct Sample: Sendable {
    public let time: Double
    public let loss: Double
    /// log ||w_j|| per neuron (exact in the log-norm formulation, where norms may be far below
    /// the smallest double).
    public let logNorms: [Double]
    /// Output weights a_j (underflow to 0 below the smallest double).
    public let outputWeights: [Double]
    /// w_j / ||w_j|| (m x d).
    public let directions: Matrix
    /// log(|a_j| ||w_j||) per neuron: its size in f (exact in the log-norm formulation too).
    public let logMagnitudes: [Double]
    /// a_j^2 - ||w_j||^2 per neuron (0 by construction in the log-norm formulation).
    public let balance: [Double]
    /// (sample, neuron) pairs on the active side, and sliding pairs.
    public let activePairs: Int
    public let slidingPairs: Int
    /// Cumulative switches, sliding entries and exits up to this time.
    public let changes: PatternChanges
}

extension VectorField {
    /// The sample at state y (re-evaluates the field to get the outputs).
    func sample(at time: Double, state y: UnsafeMutablePointer<Double>, changes: PatternChanges) -> Sample {
        evaluate(y, nil)
        let n = samples, m = neurons, d = dimension
        var lossValue = 0.0
        for i in 0..<n { lossValue += loss.value(output: outputs[i], label: labels[i]) }
        var logNorms = [Double](repeating: 0, count: m)
        var directions = Matrix(rows: m, columns: d)
        var a = [Double](repeating: 0, count: m)
        var balance = [Double](repeating: 0, count: m)
        var logMagnitudes = [Double](repeating: 0, count: m)
        for j in 0..<m {
            let r = hiddenNorm(j, y)
            for k in 0..<d { directions[j, k] = r > 0 ? y[j * d + k] / r : 0 }
            switch parametrisation {
            case .weights:
                logNorms[j] = log(r)
                a[j] = y[m * d + j]
                balance[j] = a[j] * a[j] - r * r
                logMagnitudes[j] = log(abs(a[j])) + logNorms[j]
            case .logNorm:
                logNorms[j] = y[m * d + j]
                a[j] = signs[j] * exp(logNorms[j])
                logMagnitudes[j] = 2 * logNorms[j]
            }
        }
        return Sample(time: time, loss: lossValue / Double(n), logNorms: logNorms, outputWeights: a,
                      directions: directions, logMagnitudes: logMagnitudes, balance: balance, activePairs: pattern.activeCount,
                      slidingPairs: pattern.slidingCount, changes: changes)
    }
}
