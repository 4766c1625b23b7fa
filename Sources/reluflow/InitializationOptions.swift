import ArgumentParser
import ReLUFlow

/// Options that give the initial network: read from a file or drawn at a scale.
struct InitializationOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Initial network, header a,w1,...,wd (one row per neuron; with --bias the last w is the bias).",
        valueName: "path"))
    var `init`: String?

    @Option(parsing: .unconditional, help: "Neurons of a generated initialization.")
    var m: Int = 4

    @Option(parsing: .unconditional, help: "Initialization scale lambda (w_j = lambda g_j, g_j ~ N(0, I/d)).")
    var lambda: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Natural log of lambda, for scales below the smallest double (e.g. -5000).", valueName: "log"))
    var logLambda: Double?

    @Option(help: "balanced (a_j = s_j |w_j|) or unbalanced (a_j = lambda z_j).")
    var balance: Initialization.Balance = .balanced

    @Flag(help: "Centred init: neurons in pairs (a, w), (-a, w), so that f = 0 at init (m must be even).")
    var centred = false

    func validate() throws {
        if lambda != nil, logLambda != nil {
            throw ValidationError("give --lambda or --log-lambda, not both")
        }
    }

    /// The network read from --init, or drawn with `seed` for inputs of `dimension`.
    func makeNetwork(dimension: Int, seed: UInt64) throws -> Network {
        if let path = `init` { return try Network(csvPath: path) }
        let initialization = if let logLambda {
            try Initialization(logScale: logLambda, balance: balance, seed: seed, centred: centred)
        } else {
            try Initialization(scale: lambda ?? 0.5, balance: balance, seed: seed, centred: centred)
        }
        return try initialization.network(width: m, dimension: dimension)
    }
}
