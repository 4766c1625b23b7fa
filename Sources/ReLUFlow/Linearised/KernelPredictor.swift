import Foundation

/// The kernel (linearised) predictor of a problem: the network's linearisation at its initial
/// parameters theta_0, F_lin(theta) = F(theta_0) + J_0 (theta - theta_0), trained by gradient flow
/// on the same loss and stopped at the first time t_K its training risk (1/n) sum_i l(F_lin,i, y_i)
/// reaches eps, the stopping rule of the network's run.
///
/// The risk is non-increasing along the linearised flow (a gradient flow of a function of theta),
/// so t_K is bracketed on the doubling grid t_k = 2^k tau, tau = n / (c tr Theta_0) (the kernel's
/// fastest time scale is at least tau), and then located by the Illinois method on
/// log risk - log eps. The predictor on any input x is
/// f_lin(x) = f(x; theta_0) + <grad_theta f(x; theta_0), theta(t_K) - theta_0>.
public struct KernelPredictor: Sendable {
    /// The stopping time t_K; nil when the risk stayed above eps up to the last grid time.
    public let stopTime: Double?
    /// theta(t_K) (or at the last grid time), in `Network.parameterVector` order.
    public let parameters: [Double]
    /// F_lin on the training inputs at that time.
    public let trainOutputs: [Double]
    /// The training risk there.
    public let risk: Double
    let initial: Network
    let outputScale: Double

    /// Doublings of the time grid tried before giving up.
    public static let maxDoublings = 80

    /// - Throws: `InputError` for eps not > 0; `SolverError` when the logistic linear-model flow fails.
    public init(problem: FlowProblem, risk eps: Double, relativeTolerance: Double = 1e-12) throws {
        try InputError.requirePositive(eps, "eps")
        let flow = LinearisedFlow(problem: problem, at: problem.initial, relativeTolerance: relativeTolerance)
        let n = problem.data.sampleCount
        let labels = problem.data.labels, loss = problem.loss
        func risk(_ outputs: [Double]) -> Double {
            zip(outputs, labels).reduce(0) { $0 + loss.value(output: $1.0, label: $1.1) } / Double(n)
        }
        let trace = (0..<n).reduce(0.0) { $0 + flow.kernel.matrix[$1, $1] }
        let tau = trace > 0 ? Double(n) / (problem.lossScale * trace) : 1
        var state = (outputs: flow.kernel.outputs, parameters: flow.expansionPoint)
        var time: Double? = 0
        if risk(state.outputs) > eps {
            time = nil
            var low = 0.0, lowRisk = risk(state.outputs)
            var k = 0
            // Grid in chunks of 10 doublings (each chunk one integration from 0).
            search: while k < Self.maxDoublings {
                let chunk = Array(k..<min(k + 10, Self.maxDoublings))
                let states = try flow.evolve(at: chunk.map { tau * pow(2, Double($0)) })
                for (j, s) in zip(chunk, states) {
                    let r = risk(s.outputs)
                    if r <= eps {
                        let high = tau * pow(2, Double(j))
                        (time, state) = try Self.locate(eps: eps, in: (low, lowRisk), (high, r, s), flow: flow, risk: risk)
                        break search
                    }
                    (low, lowRisk, state) = (tau * pow(2, Double(j)), r, s)
                }
                k = chunk.last! + 1
            }
        }
        stopTime = time
        parameters = state.parameters
        trainOutputs = state.outputs
        self.risk = risk(state.outputs)
        initial = problem.initial.materialised()
        outputScale = problem.outputScale
    }

    /// The first root of log risk(t) = log eps in (low, high], by the Illinois method; stops when
    /// the risk is within 1e-12 relative of eps or the bracket is 4 ulp wide.
    private static func locate(eps: Double, in lowEnd: (Double, Double),
                               _ highEnd: (Double, Double, (outputs: [Double], parameters: [Double])),
                               flow: LinearisedFlow, risk: ([Double]) -> Double)
        throws -> (Double, (outputs: [Double], parameters: [Double])) {
        var (a, fa) = (lowEnd.0, log(lowEnd.1 / eps))
        var (b, fb) = (highEnd.0, log(highEnd.1 / eps))
        var (best, bestTime) = (highEnd.2, b)
        var side = 0
        for _ in 0..<200 {
            guard abs(fb) > 1e-12, b - a > 4 * b.ulp else { break }
            var t = (a * fb - b * fa) / (fb - fa)
            if !(t > a && t < b) { t = 0.5 * (a + b) }
            let s = try flow.evolve(by: t)
            let ft = log(risk(s.outputs) / eps)
            if ft > 0 {
                (a, fa) = (t, ft)
                if side == -1 { fb *= 0.5 }
                side = -1
            } else {
                (b, fb, best, bestTime) = (t, ft, s, t)
                if side == 1 { fa *= 0.5 }
                side = 1
            }
        }
        return (bestTime, best)
    }

    /// f_lin(x) = f(x; theta_0) + <grad_theta f(x; theta_0), theta - theta_0> on each input of
    /// `data`: alpha sum_j [a_j relu(h_j) + a_j 1[h_j > 0] <dw_j, x> + da_j relu(h_j)], h_j = <w_j, x>.
    public func outputs(on data: Dataset) -> [Double] {
        let m = initial.width, d = initial.dimension
        let w = initial.hiddenWeights.storage, a = initial.outputWeights
        let theta0 = initial.parameterVector
        let delta = zip(parameters, theta0).map { $0 - $1 }
        return (0..<data.sampleCount).map { i in
            let x = data.inputs.row(i)
            var f = 0.0
            for q in 0..<m {
                var h = 0.0
                for k in 0..<d { h += w[q * d + k] * x[k] }
                guard h > 0 else { continue }
                var step = 0.0
                for k in 0..<d { step += delta[q * d + k] * x[k] }
                f += a[q] * h + a[q] * step + delta[m * d + q] * h
            }
            return outputScale * f
        }
    }
}
