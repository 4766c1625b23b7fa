import Foundation

/// How the network is stored in the ODE state. Both hold the m hidden vectors first (m x d,
/// row-major), then m scalars.
///
/// - `weights`: (w_j, a_j): dw_j/dt = a_j D_j, da_j/dt = <D_j, w_j> (D_j below).
/// - `logNorm`: for balanced networks (a_j = s_j ||w_j||, conserved), the direction u_j = w_j/||w_j||
///   and rho_j = log||w_j||: du_j/dt = s_j (D_j - <D_j, u_j> u_j), drho_j/dt = s_j <D_j, u_j>,
///   with f(x) = alpha sum_j s_j exp(2 rho_j) relu(<u_j, x>). Nothing depends on the init scale
///   but rho_j(0), so lambda far below the smallest double is exact. The field is extended off
///   the sphere so that it depends on u_j only through u_j/||u_j|| (and conserves ||u_j||):
///   a step's radial error never enters the directions, and projecting back after each step
///   keeps ||u_j|| = 1 to rounding.
///
/// In both, D_j = -(c alpha/n) sum_i l'(f_i, y_i) 1[<w_j, x_i> > 0] x_i.
public enum Parametrisation: String, CaseIterable, Sendable {
    case weights
    case logNorm = "log-norm"

    /// `logNorm` for a balanced network, `weights` otherwise.
    public static func automatic(for network: Network) -> Parametrisation {
        network.isBalanced() ? .logNorm : .weights
    }

    /// The ODE state of `network` in this parametrisation, and the output signs s_j.
    /// - Throws: for `logNorm` when the network is not balanced; for `weights` when a weight
    ///   would underflow to a subnormal number or 0 (the flow would stand still, silently).
    func state(of network: Network) throws -> (state: [Double], signs: [Double]) {
        let m = network.width
        switch self {
        case .weights:
            try Self.requireRepresentableWeights(network)
            let net = network.materialised()
            return (net.hiddenWeights.storage + net.outputWeights, net.outputWeights.map { $0 < 0 ? -1 : 1 })
        case .logNorm:
            guard network.isBalanced(tolerance: 1e-9) else {
                throw InputError(field: "parametrisation", value: rawValue,
                                 reason: "the log-norm formulation needs a balanced network (a_j = +-||w_j|| != 0)")
            }
            var u = network.hiddenWeights.storage
            var rho = [Double](repeating: 0, count: m)
            let d = network.dimension
            for j in 0..<m {
                let r = euclideanNorm(u[(j * d)..<((j + 1) * d)])
                for k in 0..<d { u[j * d + k] /= r }
                rho[j] = network.logScale + log(r)
            }
            return (u + rho, network.outputWeights.map { $0 < 0 ? -1 : 1 })
        }
    }

    /// Throws unless every nonzero weight of `network`, its scale multiplied in, is a normal double.
    static func requireRepresentableWeights(_ network: Network) throws {
        let entries = (network.outputWeights + network.hiddenWeights.storage).map(abs).filter { $0 > 0 }
        guard let smallest = entries.min(), network.logScale + log(smallest) < log(Double.leastNormalMagnitude) else {
            return
        }
        throw InputError(field: "parametrisation", value: Parametrisation.weights.rawValue, reason: """
            at this scale (log lambda = \(network.logScale)) weights underflow below the smallest normal double and \
            the flow would stand still; use --formulation log-norm (balanced init: it holds log||w_j||) or a larger \
            --log-lambda (>= \(Int((log(Double.leastNormalMagnitude) - log(smallest)).rounded(.up))) here)
            """)
    }

    /// The network held in `state`. For `logNorm` the common scale is the largest norm, so
    /// norms below the smallest double keep their ratios.
    func network(from state: UnsafeBufferPointer<Double>, signs: [Double], width m: Int, dimension d: Int) -> Network {
        let v = Array(state[0..<(m * d)])
        let tail = Array(state[(m * d)..<(m * d + m)])
        switch self {
        case .weights:
            return try! Network(outputWeights: tail, hiddenWeights: Matrix(rows: m, columns: d, storage: v))
        case .logNorm:
            let top = tail.max() ?? 0
            var w = v
            var a = [Double](repeating: 0, count: m)
            for j in 0..<m {
                let s = exp(tail[j] - top)
                a[j] = signs[j] * s
                for k in 0..<d { w[j * d + k] *= s }
            }
            return try! Network(outputWeights: a, hiddenWeights: Matrix(rows: m, columns: d, storage: w), logScale: top)
        }
    }
}
