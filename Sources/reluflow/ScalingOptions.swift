import ArgumentParser
import ReLUFlow

/// Options of the output's width normalisation and of centring.
struct ScalingOptions: ParsableArguments {
    @Option(help: "Width normalisation c(m) of the output: none (1), ntk (1/sqrt(m)), mean-field (1/m).")
    var normalisation: String = "none"

    @Flag(help: "Centred init: neurons in pairs (a, w), (-a, w), so that f = 0 at init (m must be even).")
    var centred = false

    func makeNormalisation() throws -> WidthNormalisation {
        guard let value = WidthNormalisation(rawValue: normalisation) else {
            throw InputError(field: "--normalisation", value: normalisation, reason: "one of none, ntk, mean-field")
        }
        return value
    }
}
