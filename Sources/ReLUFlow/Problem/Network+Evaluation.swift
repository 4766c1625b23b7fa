extension Network {
    /// f(x_i) = alpha sum_j a_j relu(<w_j, x_i>) for every sample (weights as doubles).
    public func outputs(on data: Dataset, outputScale alpha: Double = 1) -> [Double] {
        let net = materialised()
        return (0..<data.sampleCount).map { i in
            var f = 0.0
            for j in 0..<width {
                var h = 0.0
                for k in 0..<dimension { h += net.hiddenWeights[j, k] * data.inputs[i, k] }
                if h > 0 { f += net.outputWeights[j] * h }
            }
            return alpha * f
        }
    }

    /// The training loss (1/n) sum_i l(f(x_i), y_i).
    public func loss(on data: Dataset, loss: Loss, outputScale alpha: Double = 1) -> Double {
        let f = outputs(on: data, outputScale: alpha)
        var total = 0.0
        for i in 0..<data.sampleCount { total += loss.value(output: f[i], label: data.labels[i]) }
        return total / Double(data.sampleCount)
    }

    /// All parameters as one vector: w_1, ..., w_m (row-major), then a (scale multiplied in).
    public var parameterVector: [Double] {
        let net = materialised()
        return net.hiddenWeights.storage + net.outputWeights
    }
}
