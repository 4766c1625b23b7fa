import Foundation

/// All checks, in the order `reluflow check` runs them.
public enum CheckRegistry {
    public static let all: [any TheoremCheck] = [
        LogisticSingleNeuronCheck(),
        DeactivationCheck(),
        ConservationCheck(),
        EscapeTimeCheck(),
        AlignmentRateCheck(),
        NormsStaySmallCheck(),
        OrthogonalInputsCheck(),
        ThreePointSpuriousCheck(),
        ThresholdCheck(),
        HomogeneityCheck(), LazyDistanceCheck(), LazyLinearisationGapCheck(), KernelChangeCheck(), T1ScalingCheck(),
        InitFluctuationsCheck(), LinearisationLimitsCheck(),
        FLSOptimumCheck(), MixtureAlignmentCheck(),
    ]

    /// The checks whose names match any of `patterns` (shell globs: `*`, `?`); all when empty.
    /// - Throws: when a pattern matches no check.
    public static func select(_ patterns: [String]) throws -> [any TheoremCheck] {
        guard !patterns.isEmpty else { return all }
        for pattern in patterns where !all.contains(where: { fnmatch(pattern, $0.name, 0) == 0 }) {
            throw InputError(field: "check name", value: pattern,
                             reason: "no such check; known: \(all.map(\.name).joined(separator: ", "))")
        }
        return all.filter { check in patterns.contains { fnmatch($0, check.name, 0) == 0 } }
    }
}
