import ArgumentParser

/// Options of `run` that attach observers to the run.
struct ObserverOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Observers: alignment (angles to the extremal directions of G, alignment and escape times, direction clusters), kernel (tangent kernel change, spectrum, distance to the linearised flow).",
        discussion: "alignment samples at least 60 log-spaced times.", valueName: "observer"))
    var observe: [Observation] = []

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Held-out samples drawn from the same teacher (generated data only), for the test loss.", valueName: "k"))
    var testSamples: Int = 0

    func validate() throws {
        guard testSamples >= 0 else {
            throw ValidationError("--test-samples = \(testSamples): must be a whole number >= 0")
        }
    }
}
