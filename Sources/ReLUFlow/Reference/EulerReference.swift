/// An independent reference for the flow that needs no switching logic: explicit Euler (plain
/// full-batch gradient descent with relu'(0) = 0) and its Richardson extrapolation.
///
/// Euler converges to the Filippov solution at first order away from sliding; near sliding
/// surfaces its error oscillates with the step (it chatters across the surface), so the
/// extrapolation 2 y(eta/2) - y(eta) is only good to about 1e-6 for eta <= 1e-4.
public enum EulerReference {
    /// Parameters after gradient descent with step ~eta (adjusted so that an integer number of
    /// steps ends exactly at `time`).
    public static func descend(_ problem: FlowProblem, step eta: Double, time: Double) -> [Double] {
        let data = problem.data
        let n = data.sampleCount, d = data.dimension, m = problem.initial.width
        let steps = max(1, Int((time / eta).rounded()))
        let h = time / Double(steps)
        let alpha = problem.outputScale
        let x = data.inputs.storage, y = data.labels
        var theta = problem.initial.parameterVector
        var pre = [Double](repeating: 0, count: n * m)
        var g = [Double](repeating: 0, count: n)
        var gradient = [Double](repeating: 0, count: theta.count)
        for _ in 0..<steps {
            for i in 0..<n {
                var f = 0.0
                for j in 0..<m {
                    var s = 0.0
                    for k in 0..<d { s += theta[j * d + k] * x[i * d + k] }
                    pre[i * m + j] = s
                    if s > 0 { f += theta[m * d + j] * s }
                }
                g[i] = problem.loss.derivative(output: alpha * f, label: y[i])
            }
            for c in gradient.indices { gradient[c] = 0 }
            for i in 0..<n {
                let gi = problem.lossScale * alpha * g[i] / Double(n)
                for j in 0..<m where pre[i * m + j] > 0 {
                    let a = theta[m * d + j]
                    gradient[m * d + j] += gi * pre[i * m + j]
                    for k in 0..<d { gradient[j * d + k] += gi * a * x[i * d + k] }
                }
            }
            for c in theta.indices { theta[c] -= h * gradient[c] }
        }
        return theta
    }

    /// Final loss and parameter vector, Richardson-extrapolated from steps eta and eta/2,
    /// with the difference of the two as an estimate of the unextrapolated error.
    public static func extrapolated(_ problem: FlowProblem, step eta: Double, time: Double)
        -> (loss: Double, parameters: [Double], halfStepChange: Double) {
        let coarse = descend(problem, step: eta, time: time)
        let fine = descend(problem, step: eta / 2, time: time)
        let lossCoarse = network(coarse, like: problem.initial).loss(on: problem.data, loss: problem.loss, outputScale: problem.outputScale)
        let lossFine = network(fine, like: problem.initial).loss(on: problem.data, loss: problem.loss, outputScale: problem.outputScale)
        let parameters = zip(fine, coarse).map { 2 * $0 - $1 }
        return (2 * lossFine - lossCoarse, parameters, abs(lossFine - lossCoarse))
    }

    /// The network whose parameter vector is `theta`, shaped like `template`.
    public static func network(_ theta: [Double], like template: Network) -> Network {
        let m = template.width, d = template.dimension
        return try! Network(outputWeights: Array(theta[(m * d)...]),
                            hiddenWeights: Matrix(rows: m, columns: d, storage: Array(theta[0..<(m * d)])))
    }
}
