import Foundation
import ReLUFlow

/// A benchmark problem: generated data (linear teacher, Gaussian inputs), a balanced init at
/// scale exp(logLambda), an end time, and how its reference solution is computed.
struct BenchCase {
    enum Reference {
        /// Richardson-extrapolated gradient descent with steps eta and eta/2.
        case euler(step: Double)
        /// ReLUFlow itself (rk8pd) at a tight relative tolerance.
        case tight(rtol: Double)
    }

    let name: String
    /// The selection name of `--cases` (several cases may share it).
    let group: String
    let n: Int, d: Int, m: Int
    let noise: Double
    let seed: UInt64
    let logLambda: Double
    let time: Double
    let reference: Reference
    /// Give the peer atol = rtol times the largest initial weight entry (as ReLUFlow's default)
    /// instead of its own default 1e-10, which is above every weight of a small initialization.
    let matchedPeerAtol: Bool

    var lambdaText: String {
        logLambda > log(Double.leastNormalMagnitude) ? formatNumber(exp(logLambda), digits: 3)
            : "exp(\(formatNumber(logLambda, digits: 6)))"
    }

    var setting: String { "n=\(n) d=\(d) m=\(m) lambda=\(lambdaText) T=\(formatNumber(time, digits: 6)) seed=\(seed)" }

    func problem() throws -> FlowProblem {
        let data = try Teacher.linear(inputs: .gaussian).sample(n: n, d: d, noise: noise, seed: seed)
        let net = try Initialization(logScale: logLambda, seed: seed).network(width: m, dimension: d)
        return try FlowProblem(data: data, initial: net)
    }

    /// The cases of the benchmark. `quick` shortens the medium and large horizons. The
    /// small-initialization cases end past the escape of their first neuron, which grows at rate
    /// ~0.157 while it slides (log||w|| from -690 to -396 over t = 0..1874 at lambda = 1e-300): the loss
    /// falls from 0.538 to 0.500 near t = 190 (lambda = 1e-12) and t = 4500 (1e-300).
    static func all(quick: Bool) -> [BenchCase] {
        let smallData = (n: 6, d: 3, m: 4, noise: 0.5, seed: UInt64(1))
        func small(_ name: String, group: String, logLambda: Double, time: Double, reference: Reference,
                   matched: Bool) -> BenchCase {
            BenchCase(name: name, group: group, n: smallData.n, d: smallData.d, m: smallData.m, noise: smallData.noise,
                      seed: smallData.seed, logLambda: logLambda, time: time, reference: reference,
                      matchedPeerAtol: matched)
        }
        func wide(_ name: String, group: String, size: (Int, Int, Int), time: Double) -> BenchCase {
            BenchCase(name: name, group: group, n: size.0, d: size.1, m: size.2, noise: 0.25, seed: 3,
                      logLambda: log(1e-4), time: time, reference: .tight(rtol: 1e-12), matchedPeerAtol: false)
        }
        return [
            small("small", group: "small", logLambda: log(0.5), time: 50, reference: .euler(step: 2e-5), matched: false),
            wide("medium-t3", group: "medium", size: (100, 10, 100), time: quick ? 0.5 : 3),
            wide("medium-t400", group: "medium", size: (100, 10, 100), time: quick ? 20 : 400),
            wide("large", group: "large", size: (500, 50, 500), time: quick ? 1e-4 : 1e-3),
            small("small-init-1e-12", group: "small-init", logLambda: log(1e-12), time: 300,
                  reference: .tight(rtol: 1e-12), matched: true),
            small("small-init-1e-300", group: "small-init", logLambda: log(1e-300), time: 5000,
                  reference: .tight(rtol: 1e-12), matched: true),
        ]
    }
}
