import Foundation

/// A rule that ends the flow before the end time: at the first time t with g(t) = 0 for a smooth
/// event function g >= 0 before the stop (located to solver tolerance inside the step, like the
/// switches).
///
/// - `risk(eps)`: g = L(theta(t)) - eps, the training risk reaching eps. L is non-increasing
///   along the flow, so its first root is never skipped inside a step.
/// - `gradientNorm(eps)`: g = ||grad L(theta(t))|| - eps, the gradient norm in the weights
///   (w, a) reaching eps. The norm need not be monotone: a dip below eps and back within one
///   accepted step is looked for with a quadratic model of the squared norm fitted to its end
///   values and the risk's fall over the step (`GradientNormDip`) and checked with a real
///   partial step. A dip the model does not show (or in a step cut short by a switch) is missed.
public enum StoppingRule: Sendable, Equatable, CustomStringConvertible {
    case risk(Double)
    case gradientNorm(Double)

    /// - Throws: unless the threshold is finite and > 0, naming the parameter.
    public func validated() throws -> StoppingRule {
        try InputError.requirePositive(threshold, parameter)
        return self
    }

    /// The target eps.
    public var threshold: Double {
        switch self {
        case .risk(let eps), .gradientNorm(let eps): eps
        }
    }

    /// The rule's name as a parameter, for messages about its threshold.
    public var parameter: String {
        switch self {
        case .risk: "stoppingRule.risk"
        case .gradientNorm: "stoppingRule.gradientNorm"
        }
    }

    public var description: String {
        switch self {
        case .risk(let eps): "risk reached \(eps)"
        case .gradientNorm(let eps): "gradient norm reached \(eps)"
        }
    }
}

/// Why and when a run ended before its end time.
public struct StopRecord: Sendable, Equatable {
    public let rule: StoppingRule
    /// The located time t* (end of a bracket of a few ulp past the root of g).
    public let time: Double
    /// The watched quantity (risk or gradient norm) at the stop: eps to solver tolerance.
    public let value: Double
}

extension VectorField {
    /// Training risk L = 1/n sum_i l(f_i, y_i) at the latest evaluation.
    var risk: Double {
        var total = 0.0
        for i in 0..<samples { total += loss.value(output: outputs[i], label: labels[i]) }
        return total / Double(samples)
    }

    /// ||grad L|| in the weights (w, a) from the velocity `dydt` at state y: the weights flow
    /// is -grad L itself; in log-norm, dw_j/dt = r_j (du_j/dt + drho_j/dt u_j) and
    /// da_j/dt = s_j r_j drho_j/dt with r_j = exp(rho_j), ||u_j|| = 1.
    func gradientNorm(velocity dydt: UnsafePointer<Double>, state y: UnsafePointer<Double>) -> Double {
        let m = neurons, d = dimension
        var total = 0.0
        switch parametrisation {
        case .weights:
            for c in 0..<stateSize { total += dydt[c] * dydt[c] }
        case .logNorm:
            for j in 0..<m {
                var du = 0.0
                for k in 0..<d { du += dydt[j * d + k] * dydt[j * d + k] }
                let drho = dydt[m * d + j]
                total += exp(2 * y[m * d + j]) * (du + 2 * drho * drho)
            }
        }
        return total.squareRoot()
    }
}
