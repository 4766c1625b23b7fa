import Foundation

/// One relinearisation interval [start, end]: the linearised flow around theta(start), then the
/// true network evaluated at the parameters it reached.
public struct LinearisationInterval: Sendable {
    public let start: Double
    public let end: Double
    /// Training loss of the linear model's outputs at `end`.
    public let linearLoss: Double
    /// Training loss of the true network at the new parameters.
    public let loss: Double
    /// RMS over the training inputs of F(theta(end)) - F_lin(end): the feature learning the
    /// interval did (what the linear model did not predict).
    public let gap: Double
    /// ||Theta(start) - Theta(0)||_F / ||Theta(0)||_F.
    public let kernelChange: Double
    /// ||theta(end) - theta(start)||.
    public let parameterStep: Double
}

/// Training by iterative linearisation: relinearise at t_k = k T_r and follow the linearised
/// flow in between (`LinearisedFlow`); T_r = infinity is linearised (finite tangent-kernel)
/// training, T_r -> 0 recovers the gradient flow with error first order in T_r.
public struct IterativeLinearisation: Sendable {
    public let intervals: [LinearisationInterval]
    /// The network at the final parameters.
    public let final: Network
    /// theta_k of the last interval: the final linear model is F_k + J_k (theta - theta_k).
    public let lastExpansionPoint: Network

    /// - Parameters:
    ///   - interval: T_r, or nil for never relinearising (one interval up to `endTime`).
    /// - Throws: `InputError` for T <= 0 or T_r <= 0 (named `--time`, `--relinearise-every`).
    public init(problem: FlowProblem, endTime: Double, interval: Double?, trainable: TrainableLayers = .both) throws {
        try InputError.requirePositive(endTime, "endTime")
        if let interval { try InputError.requirePositive(interval, "interval") }
        let n = problem.data.sampleCount
        let template = problem.initial.materialised()
        var network = template
        var kernel0: TangentKernel?
        var records: [LinearisationInterval] = []
        var expansion = template
        var t = 0.0
        let count = interval.map { max(1, Int((endTime / $0 - 1e-9).rounded(.up))) } ?? 1
        for k in 0..<count {
            let end = k == count - 1 ? endTime : Double(k + 1) * interval!
            let flow = LinearisedFlow(problem: problem, at: network, trainable: trainable)
            expansion = network
            if kernel0 == nil { kernel0 = flow.kernel }
            let (linear, theta) = try flow.evolve(by: end - t)
            let next = EulerReference.network(theta, like: template)
            let outputs = next.outputs(on: problem.data, outputScale: problem.outputScale)
            var gap = 0.0, step = 0.0
            for i in 0..<n { gap += (outputs[i] - linear[i]) * (outputs[i] - linear[i]) }
            for (a, b) in zip(theta, flow.expansionPoint) { step += (a - b) * (a - b) }
            records.append(LinearisationInterval(
                start: t, end: end, linearLoss: Self.loss(linear, problem), loss: Self.loss(outputs, problem),
                gap: (gap / Double(n)).squareRoot(), kernelChange: flow.kernel.relativeChange(from: kernel0!),
                parameterStep: step.squareRoot()))
            network = next
            t = end
        }
        intervals = records
        final = network
        lastExpansionPoint = expansion
    }

    /// The final linear model's outputs F_k(x) + J_k(x) (theta - theta_k) on `inputs` (for T_r =
    /// infinity, the kernel predictor).
    public func linearModelOutputs(on inputs: Matrix, outputScale: Double) -> [Double] {
        let kernel = TangentKernel(network: lastExpansionPoint, inputs: inputs, outputScale: outputScale)
        let step = zip(final.parameterVector, lastExpansionPoint.parameterVector).map { $0 - $1 }
        return zip(kernel.outputs, kernel.times(step)).map { $0 + $1 }
    }

    static func loss(_ f: [Double], _ problem: FlowProblem) -> Double {
        zip(f, problem.data.labels).map { problem.loss.value(output: $0, label: $1) }.reduce(0, +)
            / Double(f.count)
    }
}
