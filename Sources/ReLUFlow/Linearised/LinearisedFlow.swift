import Foundation

/// The gradient flow of the network's linearisation around theta_k,
/// F_lin(theta) = F_k + J_k (theta - theta_k), on c L(F_lin) (c the problem's loss scale).
///
/// With K = c Theta_k = c J_k J_k^T, the outputs follow F' = -(1/n) K l'(F) and the parameters
/// theta' = -(c/n) J_k^T l'(F).
/// - Square loss, closed form: r(s) = exp(-K s / n) r_k with r_k = F_k - y, and
///   theta(s) = theta_k - c J_k^T phi_s(K) r_k, phi_s(mu) = (1 - exp(-mu s / n)) / mu (phi_s(0) = s / n),
///   both through K = V diag(mu) V^T (no inverse).
/// - Logistic loss: (F, q) with q' = l'(F) integrated by GSL (rk8pd), theta(s) = theta_k - (c/n) J_k^T q(s).
public struct LinearisedFlow: Sendable {
    /// Theta_k and J_k at the expansion point.
    public let kernel: TangentKernel
    /// theta_k (`Network.parameterVector` order).
    public let expansionPoint: [Double]
    let labels: [Double]
    let loss: Loss
    let lossScale: Double
    /// Eigendecomposition of Theta_k (square loss only).
    let spectrum: SymmetricEigen?
    /// Tolerance of the logistic integration.
    let relativeTolerance: Double

    public init(problem: FlowProblem, at network: Network, trainable: TrainableLayers = .both,
                relativeTolerance: Double = 1e-12) {
        kernel = TangentKernel(network: network, problem: problem, trainable: trainable)
        expansionPoint = network.parameterVector
        labels = problem.data.labels
        loss = problem.loss
        lossScale = problem.lossScale
        spectrum = problem.loss == .square ? SymmetricEigen(kernel.matrix) : nil
        self.relativeTolerance = relativeTolerance
    }

    /// Outputs F_lin and parameters theta of the linearised flow at each of `times` (ascending, >= 0).
    public func evolve(at times: [Double]) throws -> [(outputs: [Double], parameters: [Double])] {
        let n = labels.count, c = lossScale
        let r0 = zip(kernel.outputs, labels).map { $0 - $1 }
        if let spectrum {
            return times.map { s in
                let r = spectrum.apply({ exp(-c * $0 * s / Double(n)) }, to: r0)
                let z = spectrum.apply({ mu in
                    let cmu = c * mu
                    return cmu == 0 ? s / Double(n) : -expm1(-cmu * s / Double(n)) / cmu
                }, to: r0)
                let step = kernel.transposeTimes(z)
                return (zip(r, labels).map { $0 + $1 }, zip(expansionPoint, step).map { $0 - c * $1 })
            }
        }
        let theta = kernel.matrix.storage, y = labels, loss = self.loss
        let scale = kernel.outputs.map(abs).max() ?? 1
        let ode = SmoothODE(dimension: 2 * n, relativeTolerance: relativeTolerance,
                            absoluteTolerance: relativeTolerance * max(scale, 1)) { state, rate in
            for i in 0..<n { rate[n + i] = loss.derivative(output: state[i], label: y[i]) }
            for i in 0..<n {
                var s = 0.0
                for k in 0..<n { s += theta[i * n + k] * rate[n + k] }
                rate[i] = -c * s / Double(n)
            }
        }
        let states = try ode.solve(from: kernel.outputs + [Double](repeating: 0, count: n), at: times)
        return states.map { state in
            let step = kernel.transposeTimes(Array(state[n...]))
            return (Array(state[0..<n]), zip(expansionPoint, step).map { $0 - c * $1 / Double(n) })
        }
    }

    /// Outputs and parameters after time s.
    public func evolve(by s: Double) throws -> (outputs: [Double], parameters: [Double]) {
        try evolve(at: [s])[0]
    }
}
