import ArgumentParser
import ReLUFlow

/// The one place where the library's parameter names (`endTime`) become the command line's flags
/// (`--time`), and where the library's errors become the command line's.
enum ErrorMapping {
    /// The flag of each library parameter that a flag sets.
    static let flags: [String: String] = [
        // Problem and initialization
        "dataset": "--data", "network": "--init", "n": "--n", "d": "--d", "noise": "--noise",
        "teacherNeurons": "--teacher-neurons", "kappa": "--kappa", "sigma": "--sigma",
        "alpha": "--alpha", "lambda": "--lambda",
        "logScale": "--log-lambda", "width": "--m", "m": "--m", "dimension": "--d",
        // Integration
        "endTime": "--time", "method": "--method", "relativeTolerance": "--rtol",
        "absoluteTolerance": "--atol", "parametrisation": "--formulation", "logSpacedSamples": "--samples",
        "sampleTimes": "--at", "stoppingRule.risk": "--stop-at-risk",
        "stoppingRule.gradientNorm": "--stop-at-grad-norm", "interval": "--relinearise-every",
        "maxSteps": "--max-steps",
        // Output
        "trace": "--trace", "events": "--events",
        // Sweeps and their cells
        "axis": "--sweep", "seeds": "--seeds", "shard": "--shard", "shards": "--shards",
        "workers": "--workers", "workersPerTask": "--workers", "resultsPath": "--out",
        "interpolationTolerance": "--interpolation-tolerance", "clusterAngle": "--cluster-angle",
        "clusterShare": "--cluster-share",
        // Phase diagrams
        "rows": "--rows", "fixed": "--at",
        // The FLS experiment
        "nTest": "--n-test", "flip": "--flip", "eps": "--eps", "scales": "--scales",
    ]

    /// `error` as the command line reports it: an `InputError` with its parameter replaced by its
    /// flag (from `overrides`, then `flags`), a `SolverError` as its description, anything else
    /// (the parser's own errors, exit codes) unchanged.
    static func mapped(_ error: Error, overrides: [String: String] = [:]) -> Error {
        switch error {
        case let error as InputError: CommandFailure(message: flagged(error, overrides: overrides).description)
        case let error as SolverError: CommandFailure(message: error.description)
        default: error
        }
    }

    /// `error` with the parameter that starts its field (`axis n`: `axis`) named by its flag.
    static func flagged(_ error: InputError, overrides: [String: String] = [:]) -> InputError {
        let parts = error.field.split(separator: " ", maxSplits: 1).map(String.init)
        guard let parameter = parts.first, let flag = overrides[parameter] ?? flags[parameter] else { return error }
        return InputError(field: ([flag] + parts.dropFirst()).joined(separator: " "), value: error.value,
                          reason: error.reason)
    }
}

/// A command whose flags name some library parameters differently from `ErrorMapping.flags`.
protocol RenamesParameters {
    /// Flags by parameter, consulted before `ErrorMapping.flags`.
    static var parameterFlags: [String: String] { get }
}
