import ArgumentParser
import ReLUFlow

// The library's enumerations as option values: the parser checks them and help lists them.
extension Loss: ExpressibleByArgument {}
extension StepType: ExpressibleByArgument {}
extension EventHandling: ExpressibleByArgument {}
extension WidthNormalisation: ExpressibleByArgument {}
extension Initialization.Balance: ExpressibleByArgument {}

/// The generators of `--teacher` (the library's `Teacher` with its parameters left out).
enum TeacherKind: String, ExpressibleByArgument, CaseIterable {
    case linear
    case linearSphere = "linear-sphere"
    case orthogonal
    case relu
    case clusters
    case mixture

    /// The teacher: a relu teacher with `neurons` neurons, a mixture with `kappa` and `sigma`.
    /// - Throws: `InputError` naming kappa or sigma for a bad mixture.
    func teacher(neurons: Int, kappa: Double, sigma: Double) throws -> Teacher {
        switch self {
        case .linear: .linear(inputs: .gaussian)
        case .linearSphere: .linear(inputs: .sphere)
        case .orthogonal: .orthogonal
        case .relu: .relu(neurons: neurons)
        case .clusters: .clusters
        case .mixture: .mixture(try GaussianMixture(kappa: kappa, sigma: sigma))
        }
    }
}

/// The state the flow is integrated in: `auto` leaves the choice to the solver (log-norm for a
/// balanced network).
enum Formulation: String, ExpressibleByArgument, CaseIterable {
    case auto
    case weights
    case logNorm = "log-norm"

    /// nil for `auto`.
    var parametrisation: Parametrisation? {
        switch self {
        case .auto: nil
        case .weights: .weights
        case .logNorm: .logNorm
        }
    }
}
