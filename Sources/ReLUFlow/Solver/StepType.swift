import CGSL

/// The gsl_odeiv2 step types ReLUFlow can drive.
public enum StepType: String, CaseIterable, Sendable {
    /// Explicit embedded Runge-Kutta Prince-Dormand (8, 9): the default.
    case rk8pd
    /// Explicit embedded Runge-Kutta-Fehlberg (4, 5).
    case rkf45
    /// Explicit embedded Runge-Kutta Cash-Karp (4, 5).
    case rkck
    /// Explicit 4th order Runge-Kutta (error by step doubling).
    case rk4
    /// Explicit embedded Runge-Kutta (2, 3).
    case rk2
    /// Implicit Gaussian 4th order Runge-Kutta (needs the Jacobian: finite differences, small problems).
    case rk4imp
    /// Implicit Gaussian 2nd order Runge-Kutta.
    case rk2imp
    /// Implicit Euler.
    case rk1imp
    /// Variable-coefficient linear multistep Adams (orders 1 to 12).
    case msadams
    /// Variable-coefficient linear multistep BDF (orders 1 to 5; needs the Jacobian).
    case msbdf

    /// GSL's step type (read through the shim: GSL's globals are not concurrency-safe).
    var gslType: UnsafePointer<gsl_odeiv2_step_type> {
        switch self {
        case .rk8pd: return reluflow_step_rk8pd()
        case .rkf45: return reluflow_step_rkf45()
        case .rkck: return reluflow_step_rkck()
        case .rk4: return reluflow_step_rk4()
        case .rk2: return reluflow_step_rk2()
        case .rk4imp: return reluflow_step_rk4imp()
        case .rk2imp: return reluflow_step_rk2imp()
        case .rk1imp: return reluflow_step_rk1imp()
        case .msadams: return reluflow_step_msadams()
        case .msbdf: return reluflow_step_msbdf()
        }
    }

    /// One-step methods can be restarted from the step's start with any shorter step.
    var isOneStep: Bool { self != .msadams && self != .msbdf }

    /// The explicit Runge-Kutta pairs.
    var isExplicit: Bool { [.rk8pd, .rkf45, .rkck, .rk4, .rk2].contains(self) }

    /// Implicit methods need the Jacobian of the field.
    var needsJacobian: Bool { [.rk4imp, .rk2imp, .rk1imp, .msbdf].contains(self) }

    /// Parses a step type name, naming the field on failure.
    public init(named name: String) throws {
        guard let type = StepType(rawValue: name) else {
            throw InputError(field: "method", value: name,
                             reason: "unknown step type; one of \(StepType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = type
    }
}
