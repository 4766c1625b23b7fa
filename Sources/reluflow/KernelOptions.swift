import ArgumentParser
import ReLUFlow

/// Options of `run` for (iteratively) linearised training instead of the network's flow.
struct KernelOptions: ParsableArguments {
    @Flag(help: "Train the linearisation around theta0 (never relinearise) instead of the network.")
    var linearised = false

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Iterative linearisation: relinearise at t_k = k T_r (T_r > 0).", valueName: "T_r"))
    var relineariseEvery: Double?

    func validate() throws {
        if linearised, relineariseEvery != nil {
            throw ValidationError("give --linearised (T_r = infinity) or --relinearise-every, not both")
        }
    }

    /// nil when training the network itself; otherwise the relinearisation interval (nil = never).
    var linearisation: Double?? {
        if let relineariseEvery { return .some(relineariseEvery) }
        return linearised ? .some(nil) : nil
    }
}
