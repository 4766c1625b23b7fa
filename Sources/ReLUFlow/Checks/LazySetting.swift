import Foundation

/// The common setting of the lazy/feature checks: a ReLU teacher with 2 neurons (no noise),
/// Gaussian inputs, a balanced init at scale 1 in `ntk` normalisation (output alpha / sqrt(m)
/// times sum_j a_j relu(<w_j, x>), trained on L / alpha^2), so that A = alpha sqrt(m) is the
/// `lazy` paper's control variable.
struct LazySetting {
    let samples: Int, dimension: Int, width: Int
    /// Horizon T (in the lazy convention, time of the function-space dynamics).
    let horizon: Double
    let data: Dataset
    /// The theory file's lazy grid, alpha = 10..1000.
    static let theoryAlphas = grid(10, 1000, count: 5)
    /// A lazy grid on which the flow has (almost) no activation switch before T: alpha = 100..10^4
    /// at n = 10, m = 20 (quick), 3 10^3..10^5 at n = 20, m = 100 (standard), 10^3..10^5 at
    /// n = 100, m = 500 (full). A switch moves the kernel and
    /// the outputs by a first-order amount (~1/m for its neuron), and n m / A of them happen, so
    /// below A ~ n m their 1/sqrt(m A) effect hides the smooth 1/A law (kernel-change.md).
    let lazyAlphas: [Double]

    init(level: CheckLevel, seed: UInt64) throws {
        (samples, dimension, width) = level.choose(quick: (10, 5, 20), standard: (20, 10, 100), full: (100, 10, 500))
        horizon = 5
        lazyAlphas = level.choose(quick: Self.grid(100, 10_000, count: 5), standard: Self.grid(3000, 100_000, count: 5),
                                  full: Self.grid(1000, 100_000, count: 5))
        data = try Teacher.relu(neurons: 2).sample(n: samples, d: dimension, noise: 0, seed: seed)
    }

    /// How F(theta0) = 0 is arranged.
    enum Centring {
        /// Neurons in pairs (a, w), (-a, w).
        case pairs
        /// The model F - F(theta0) (on the training inputs: labels y + F(theta0), which is the same flow).
        case subtracted
        /// No centring.
        case none
    }

    /// The problem at output scale alpha from the seed's init.
    func problem(alpha: Double, centring: Centring = .pairs, seed: UInt64) throws -> FlowProblem {
        let net = try Initialization(scale: 1, seed: seed, centred: centring == .pairs).network(width: width, dimension: dimension)
        let scaling = try OutputScaling(alpha: alpha, normalisation: .ntk)
        guard centring == .subtracted else { return try FlowProblem(data: data, initial: net, scaling: scaling) }
        let f0 = net.outputs(on: data, outputScale: scaling.outputScale(width: width))
        let shifted = try Dataset(inputs: data.inputs, labels: zip(data.labels, f0).map { $0 + $1 })
        return try FlowProblem(data: shifted, initial: net, scaling: scaling)
    }

    /// The flow's samples at `times` (and 0, T), weights formulation. On the lazy side the
    /// parameters move by O(1/alpha) and the outputs' integration error is ~alpha rtol / sqrt(m):
    /// the lazy grids use rtol 1e-12 so that the 1/alpha and 1/alpha^2 gaps stay above it.
    static func flow(_ problem: FlowProblem, times: [Double], endTime: Double, rtol: Double = 1e-10) throws -> Solution {
        try solve(problem, options: SolverOptions(endTime: endTime, relativeTolerance: rtol, parametrisation: .weights,
                                                  sampleTimes: times, logSpacedSamples: 0))
    }

    /// A log-spaced grid of `count` points from `low` to `high`.
    static func grid(_ low: Double, _ high: Double, count: Int) -> [Double] {
        (0..<count).map { low * pow(high / low, Double($0) / Double(count - 1)) }
    }

    /// "low..high" of the lazy grid.
    var lazyRange: String { "\(formatNumber(lazyAlphas.first!, digits: 3))..\(formatNumber(lazyAlphas.last!, digits: 3))" }

    var description: String {
        "relu teacher (2 neurons) n=\(samples) d=\(dimension), m=\(width) balanced lambda=1, ntk normalisation, T=\(formatNumber(horizon, digits: 3))"
    }
}
