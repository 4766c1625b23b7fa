import Foundation

/// The limits of iterative linearisation (relinearise every T_r): (a) T_r -> 0 is the gradient flow,
/// error first order in T_r; (b) one interval (T_r = infinity) is the closed form
/// r(s) = exp(-Theta s / n) r_0, equal to direct integration of the linear model's flow; (c) as
/// s -> infinity the interval is the minimum-norm Gauss-Newton step theta - J^+ r, after which the
/// network's residual is its linearisation error; (d) in the lazy regime every T_r stays within
/// O(1/alpha) of the flow. Derivation: proofs-notes/linearisation-limits.md.
public struct LinearisationLimitsCheck: TheoremCheck {
    public let name = "linearisation-limits"
    public let source = "linearised: T_r -> 0 is the flow, T_r = inf the kernel predictor, damped Gauss-Newton"
    public let kind = CheckKind.theorem

    public init() {}

    /// (a): final-parameter error against the exact flow for T_r = T/32 ... T/1024, averaged over seeds.
    static func convergence(seeds: [UInt64]) throws -> LogLogFit {
        let horizon = 2.0
        let intervals = [32.0, 64, 128, 256, 512, 1024].map { horizon / $0 }
        var errors = [Double](repeating: 0, count: intervals.count)
        for seed in seeds {
            let data = try Teacher.relu(neurons: 2).sample(n: 8, d: 3, noise: 0, seed: seed)
            let net = try Initialization(scale: 0.8, balance: .unbalanced, seed: seed).network(width: 6, dimension: 3)
            let problem = try FlowProblem(data: data, initial: net)
            let exact = try solve(problem, options: SolverOptions(endTime: horizon, relativeTolerance: 1e-12,
                                                                  parametrisation: .weights, logSpacedSamples: 0)).final
            for (k, interval) in intervals.enumerated() {
                let final = try IterativeLinearisation(problem: problem, endTime: horizon, interval: interval).final
                errors[k] += euclideanDistance(final.parameterVector, exact.parameterVector) / Double(seeds.count)
            }
        }
        return LogLogFit(x: intervals, y: errors)
    }

    /// (b): closed form against rk8pd integration of theta' = -(c/n) J^T (F_0 + J (theta - theta_0) - y).
    static func closedFormError(_ problem: FlowProblem, times: [Double]) throws -> Double {
        let flow = LinearisedFlow(problem: problem, at: problem.initial)
        let closed = try flow.evolve(at: times)
        let kernel = flow.kernel, theta0 = flow.expansionPoint
        let n = problem.data.sampleCount, p = theta0.count, c = problem.lossScale, y = problem.data.labels
        let direct = try SmoothODE(dimension: p, relativeTolerance: 1e-13, absoluteTolerance: 1e-14) { theta, rate in
            let f = zip(kernel.outputs, kernel.times((0..<p).map { theta[$0] - theta0[$0] })).map { $0 + $1 }
            let step = kernel.transposeTimes((0..<n).map { f[$0] - y[$0] })
            for k in 0..<p { rate[k] = -c * step[k] / Double(n) }
        }.solve(from: theta0, at: times)
        return zip(closed, direct).map { euclideanDistance($0.parameters, $1) / max(1, euclideanNorm($1)) }.max()!
    }

    /// (c): |theta(s -> inf) - (theta - J^+ r)| / |J^+ r|, with J^+ r = J^T z, Theta z = r solved by
    /// Cholesky (independent of the spectral closed form); and the network's residual after the step
    /// against its linearisation error F(theta') - F_0 - J (theta' - theta_0), relative to |r|.
    static func gaussNewton(_ problem: FlowProblem) throws -> (step: Double, residual: Double) {
        let flow = LinearisedFlow(problem: problem, at: problem.initial)
        let spectrum = SymmetricEigen(flow.kernel.matrix)
        let n = problem.data.sampleCount
        let longest = 50 * Double(n) / (problem.lossScale * spectrum.values.first!)
        let end = try flow.evolve(by: longest)
        let r = zip(flow.kernel.outputs, problem.data.labels).map { $0 - $1 }
        guard let factor = choleskyFactor(flow.kernel.matrix.storage, size: n) else {
            throw SolverError(time: 0, reason: "the tangent kernel is singular: no Gauss-Newton step")
        }
        var z = r
        choleskySolve(factor, size: n, &z)
        let pseudo = flow.kernel.transposeTimes(z)
        let gaussNewton = zip(flow.expansionPoint, pseudo).map { $0 - $1 }
        let network = EulerReference.network(end.parameters, like: problem.initial)
        let f = network.outputs(on: problem.data, outputScale: problem.outputScale)
        let linear = zip(flow.kernel.outputs, flow.kernel.times(zip(end.parameters, flow.expansionPoint).map { $0 - $1 }))
            .map { $0 + $1 }
        let residual = zip(f, problem.data.labels).map { $0 - $1 }
        let linearisationError = zip(f, linear).map { $0 - $1 }
        return (euclideanDistance(end.parameters, gaussNewton) / euclideanNorm(pseudo),
                euclideanDistance(residual, linearisationError) / euclideanNorm(r))
    }

    /// (d): largest over T_r in {inf, T/4, T/16} of rms(F_iter(T) - F(T)), per alpha.
    static func lazyGaps(_ setting: LazySetting, alphas: [Double], seed: UInt64) throws -> [Double] {
        try alphas.map { alpha in
            let problem = try setting.problem(alpha: alpha, centring: .subtracted, seed: seed)
            let flow = try LazySetting.flow(problem, times: [], endTime: setting.horizon, rtol: 1e-12).final
                .outputs(on: problem.data, outputScale: problem.outputScale)
            return try [nil, setting.horizon / 4, setting.horizon / 16].map { interval in
                let f = try IterativeLinearisation(problem: problem, endTime: setting.horizon, interval: interval).final
                    .outputs(on: problem.data, outputScale: problem.outputScale)
                return euclideanDistance(f, flow) / Double(f.count).squareRoot()
            }.max()!
        }
    }

    public func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome {
        let quick = level == .quick
        let a = try Self.convergence(seeds: quick ? [seed] : (0..<3).map { seed &+ UInt64($0) })
        let small = try Teacher.relu(neurons: 2).sample(n: 10, d: 4, noise: 0.1, seed: seed)
        let smallProblem = try FlowProblem(data: small, initial: Initialization(scale: 0.7, balance: .unbalanced, seed: seed)
            .network(width: 6, dimension: 4))
        let b = try Self.closedFormError(smallProblem, times: [0.5, 3, 20, 200])
        let c = try Self.gaussNewton(smallProblem)
        let setting = try LazySetting(level: level, seed: seed)
        let alphas = setting.lazyAlphas
        let d = LogLogFit(x: alphas, y: try Self.lazyGaps(setting, alphas: alphas, seed: seed))
        let passA = abs(a.slope - 1) <= 0.2, passB = b <= 1e-9, passC = c.step <= 1e-9 && c.residual <= 1e-9
        let passD = abs(d.slope + 1) <= 0.2
        // Control: small init (alpha = 0.01, feature regime), T_r = infinity: O(1) gap to the flow.
        let control = try setting.problem(alpha: 0.01, centring: .pairs, seed: seed)
        let flowOutputs = try LazySetting.flow(control, times: [], endTime: setting.horizon).final
            .outputs(on: control.data, outputScale: control.outputScale)
        let linear = try IterativeLinearisation(problem: control, endTime: setting.horizon, interval: nil).final
            .outputs(on: control.data, outputScale: control.outputScale)
        let controlGap = euclideanDistance(flowOutputs, linear) / euclideanNorm(control.data.labels)
        return CheckOutcome(
            setting: "(a) relu teacher n=8 d=3 m=6 unbalanced lambda=0.8, T=2, exact flow at rtol 1e-12, \(quick ? 1 : 3) seed(s), T_r = T/32..T/1024; (b, c) n=10 d=4 m=6; (d) \(setting.description), centred by subtracting F(theta0), alpha = \(setting.lazyRange), T_r in {inf, T/4, T/16}",
            measured: "(a) |theta_Tr(T) - theta(T)| vs T_r: \(a.summary); (b) max rel. error \(formatNumber(b, digits: 2)); (c) s = 50 n/lambda_min: |step - GN step|/|GN step| = \(formatNumber(c.step, digits: 2)), |(F - y) - (F - F_lin)|/|r0| = \(formatNumber(c.residual, digits: 2)); (d) max_Tr rms(F_Tr - F) vs alpha: \(d.summary)",
            predicted: "(a) slope 1; (b) 0; (c) 0, 0; (d) slope -1",
            tolerance: "(a) 0.2; (b) 1e-9; (c) 1e-9, 1e-9; (d) 0.2",
            passed: passA && passB && passC && passD,
            control: "alpha = 0.01 (centred in pairs), T_r = inf: |F_lin(T) - F(T)| / |y| = \(formatNumber(controlGap, digits: 3))",
            controlFailed: controlGap > 0.1)
    }
}
