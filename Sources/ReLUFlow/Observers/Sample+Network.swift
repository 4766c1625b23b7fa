import Foundation

extension Sample {
    /// The network at this sample as doubles: w_j = ||w_j|| u_j, a_j (norms below the smallest
    /// double underflow to 0).
    public var network: Network {
        let m = outputWeights.count, d = directions.columns
        var w = directions.storage
        for j in 0..<m {
            let r = exp(logNorms[j])
            for k in 0..<d { w[j * d + k] *= r }
        }
        return try! Network(outputWeights: outputWeights, hiddenWeights: Matrix(rows: m, columns: d, storage: w))
    }
}
