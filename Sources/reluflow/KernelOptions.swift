import ArgumentParser
import ReLUFlow

/// Options of `run` for the tangent kernel and (iteratively) linearised training.
struct KernelOptions: ParsableArguments {
    @Flag(help: "Train the linearisation around theta0 (never relinearise) instead of the network.")
    var linearised = false

    @Option(help: "Iterative linearisation: relinearise at t_k = k T_r (T_r > 0).")
    var relineariseEvery: Double?

    @Option(help: "Held-out samples drawn from the same teacher (generated data only), for the test loss.")
    var testSamples: Int = 0

    /// - Throws: for a negative number of test samples.
    func validateTestSamples() throws {
        guard testSamples >= 0 else {
            throw InputError(field: "--test-samples", value: "\(testSamples)", reason: "must be a whole number >= 0")
        }
    }

    /// nil when training the network itself; otherwise the relinearisation interval (nil = never).
    func linearisation() throws -> Double?? {
        if let relineariseEvery {
            guard relineariseEvery.isFinite, relineariseEvery > 0 else {
                throw InputError(field: "--relinearise-every", value: "\(relineariseEvery)",
                                 reason: "the relinearisation interval T_r must be a finite number > 0")
            }
            guard !linearised else {
                throw InputError(field: "--linearised", value: "true",
                                 reason: "give --linearised (T_r = infinity) or --relinearise-every, not both")
            }
            return .some(relineariseEvery)
        }
        return linearised ? .some(nil) : nil
    }
}
