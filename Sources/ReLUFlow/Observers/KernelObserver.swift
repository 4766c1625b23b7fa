import Foundation

/// The tangent kernel along a trajectory, at one sample time.
public struct KernelObservation: Sendable {
    public let time: Double
    /// ||Theta(t) - Theta(0)||_F / ||Theta(0)||_F.
    public let relativeChange: Double
    /// Eigenvalues of the flow's kernel c Theta(t) (c the loss scale: the outputs move as
    /// F' = -(1/n) c Theta grad l), ascending.
    public let eigenvalues: [Double]
    /// ||theta(t) - theta(0)||.
    public let parameterDistance: Double
    /// RMS over the training inputs of F(t) - F_lin(t), F_lin the linearised model around theta(0)
    /// trained by its own flow for the same time.
    public let linearisedOutputGap: Double
    /// ||theta(t) - theta_lin(t)||.
    public let linearisedParameterGap: Double
}

/// Measures the tangent kernel of the network at each sample of a solution (fed the samples; it
/// does not drive the integration) and compares the trajectory with the linearised flow.
public enum KernelObserver {
    /// One observation per sample, in order.
    public static func observe(_ problem: FlowProblem, samples: [Sample]) throws -> [KernelObservation] {
        guard let first = samples.first else { return [] }
        let linear = LinearisedFlow(problem: problem, at: first.network)
        let theta0 = linear.expansionPoint
        let n = Double(problem.data.sampleCount)
        let predictions = try linear.evolve(at: samples.map(\.time))
        return zip(samples, predictions).map { sample, prediction in
            let net = sample.network
            let kernel = TangentKernel(network: net, problem: problem)
            let theta = net.parameterVector
            return KernelObservation(
                time: sample.time, relativeChange: kernel.relativeChange(from: linear.kernel),
                eigenvalues: SymmetricEigen(kernel.matrix).values.map { $0 * problem.lossScale },
                parameterDistance: euclideanDistance(theta, theta0),
                linearisedOutputGap: euclideanDistance(kernel.outputs, prediction.outputs) / n.squareRoot(),
                linearisedParameterGap: euclideanDistance(theta, prediction.parameters))
        }
    }
}

/// ||a - b|| (Euclidean).
func euclideanDistance(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
}
