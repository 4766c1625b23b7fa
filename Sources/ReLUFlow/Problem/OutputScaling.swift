import Foundation

/// The factor c(m) of the output in front of sum_j a_j relu(<w_j, x>) for a network of m neurons.
public enum WidthNormalisation: String, CaseIterable, Sendable {
    /// c(m) = 1.
    case none
    /// c(m) = 1 / sqrt(m): the neural-tangent parametrisation (the output at init is O(1)).
    case ntk
    /// c(m) = 1 / m: the mean-field parametrisation.
    case meanField = "mean-field"

    /// c(m).
    public func factor(width m: Int) -> Double {
        switch self {
        case .none: return 1
        case .ntk: return 1 / Double(m).squareRoot()
        case .meanField: return 1 / Double(m)
        }
    }
}

/// The lazy-training output scale: the model alpha * g(x; theta), g = c(m) sum_j a_j relu(<w_j, x>),
/// trained on L(alpha g) / alpha^2.
///
/// With this convention the outputs move as f' = -(1/n) Theta_g grad L (Theta_g the tangent kernel
/// of g), independent of alpha, while the parameters move as (1/alpha) J_g^T grad L: alpha only
/// sets how far the parameters travel for a given change of the function. Because g is
/// 2-homogeneous (g(x; s theta) = s^2 g(x; theta)), the flow from s theta0 on L(g) equals s times
/// the flow from theta0 with alpha = s^2 at the same time t: init scale and output scale are one
/// knob. The `lazy` paper scales the last layer by alpha / sqrt(h): that is `ntk` normalisation,
/// and its single control variable is A = alpha sqrt(m) (lazy for A >> 1, feature learning for
/// A << 1, crossover near 1). With `meanField` normalisation alpha / m = (alpha / sqrt(m)) / sqrt(m),
/// so A = alpha itself (the two conventions then differ by the time change t -> m t of the loss scale).
public struct OutputScaling: Sendable, Equatable {
    public var alpha: Double
    public var normalisation: WidthNormalisation

    /// - Throws: unless alpha is finite and > 0.
    public init(alpha: Double, normalisation: WidthNormalisation = .none) throws {
        try InputError.requirePositive(alpha, "alpha")
        let lossScale = 1 / (alpha * alpha)
        guard lossScale.isNormal else {
            throw InputError(field: "alpha", value: "\(alpha)", reason:
                "the loss scale 1/alpha^2 = \(lossScale) is not a normal double: alpha must be in [1e-150, 1e150]")
        }
        self.alpha = alpha
        self.normalisation = normalisation
    }

    /// The output scale alpha c(m) of a network of m neurons.
    public func outputScale(width m: Int) -> Double { alpha * normalisation.factor(width: m) }

    /// The loss scale 1 / alpha^2.
    public var lossScale: Double { 1 / (alpha * alpha) }
}

extension FlowProblem {
    /// The problem for the model alpha g trained on L(alpha g) / alpha^2 (`OutputScaling`).
    public init(data: Dataset, initial: Network, loss: Loss = .square, scaling: OutputScaling) throws {
        try self.init(data: data, initial: initial, loss: loss,
                      outputScale: scaling.outputScale(width: initial.width), lossScale: scaling.lossScale)
    }
}
