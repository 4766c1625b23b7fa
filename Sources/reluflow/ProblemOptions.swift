import ArgumentParser
import Foundation
import ReLUFlow

/// Options that define a flow problem: data, initialization, loss, output scale.
struct ProblemOptions: ParsableArguments {
    @Option(help: "Data file, header x1,...,xd,y (one row per sample). Without it, data are generated.")
    var data: String?

    @Option(help: "Initial network, header a,w1,...,wd (one row per neuron; with --bias the last w is the bias).")
    var `init`: String?

    @Option(help: "Samples to generate.")
    var n: Int = 6

    @Option(help: "Input dimension of generated data (without the bias).")
    var d: Int = 3

    @Option(help: "Neurons of a generated initialization.")
    var m: Int = 4

    @Option(help: "Teacher of generated data: linear, linear-sphere, orthogonal, relu, clusters.")
    var teacher: String = "linear"

    @Option(help: "Neurons of the relu teacher.")
    var teacherNeurons: Int = 2

    @Option(help: "Label noise: standard deviation (linear, relu) or flip probability (clusters).")
    var noise: Double = 0.5

    @Option(help: "Initialization scale lambda (w_j = lambda g_j, g_j ~ N(0, I/d)).")
    var lambda: Double?

    @Option(parsing: .unconditional, help: "Natural log of lambda, for scales below the smallest double (e.g. -5000).")
    var logLambda: Double?

    @Option(help: "balanced (a_j = s_j |w_j|) or unbalanced (a_j = lambda z_j).")
    var balance: String = "balanced"

    @Option(help: "Seed of the data and the initialization.")
    var seed: UInt64 = 1

    @Flag(help: "Append a constant input 1 (a hidden bias).")
    var bias = false

    @Option(help: "Loss: square (1/(2n) sum (f - y)^2) or logistic (1/n sum log(1 + exp(-y f))).")
    var loss: String = "square"

    @Option(help: "Output scale alpha: model f = alpha c(m) sum_j a_j relu(<w_j, x>) trained on L(f) / alpha^2.")
    var alpha: Double = 1

    @OptionGroup var scaling: ScalingOptions

    func makeProblem() throws -> FlowProblem {
        guard let lossKind = Loss(rawValue: loss) else {
            throw InputError(field: "--loss", value: loss, reason: "one of square, logistic")
        }
        var dataset: Dataset
        if let path = data {
            dataset = try Dataset(csvPath: path)
        } else {
            dataset = try makeTeacher().sample(n: n, d: d, noise: noise, seed: seed)
        }
        if bias { dataset = dataset.appendingBiasInput() }
        let network: Network
        if let path = `init` {
            network = try Network(csvPath: path)
        } else {
            guard let kind = Initialization.Balance(rawValue: balance) else {
                throw InputError(field: "--balance", value: balance, reason: "one of balanced, unbalanced")
            }
            let initialization: Initialization
            switch (lambda, logLambda) {
            case (.some, .some):
                throw InputError(field: "--log-lambda", value: "\(logLambda!)", reason: "give --lambda or --log-lambda, not both")
            case (_, .some(let l)):
                initialization = try Initialization(logScale: l, balance: kind, seed: seed, centred: scaling.centred)
            case (let l, nil):
                initialization = try Initialization(scale: l ?? 0.5, balance: kind, seed: seed, centred: scaling.centred)
            }
            network = try initialization.network(width: m, dimension: dataset.dimension)
        }
        let outputScaling = try OutputScaling(alpha: alpha, normalisation: scaling.makeNormalisation())
        return try FlowProblem(data: dataset, initial: network, loss: lossKind, scaling: outputScaling)
    }

    /// `count` held-out samples from the generating teacher (the rows after the n training rows
    /// of the same draw, with label noise `noise`, by default the training data's), or nil for data
    /// read from a file or count 0.
    func makeTestData(count: Int, noise labelNoise: Double? = nil) throws -> Dataset? {
        guard data == nil, count > 0 else { return nil }
        let all = try makeTeacher().sample(n: n + count, d: d, noise: labelNoise ?? noise, seed: seed)
        let test = try Dataset(inputs: Matrix(rows: count, columns: d, storage: Array(all.inputs.storage[(n * d)...])),
                               labels: Array(all.labels[n...]))
        return bias ? test.appendingBiasInput() : test
    }

    func makeTeacher() throws -> Teacher {
        switch teacher {
        case "linear": return .linear(inputs: .gaussian)
        case "linear-sphere": return .linear(inputs: .sphere)
        case "orthogonal": return .orthogonal
        case "relu": return .relu(neurons: teacherNeurons)
        case "clusters": return .clusters
        default:
            throw InputError(field: "--teacher", value: teacher,
                             reason: "one of linear, linear-sphere, orthogonal, relu, clusters")
        }
    }
}

/// Options of the integration.
struct IntegrationOptions: ParsableArguments {
    @Option(help: "End time T.")
    var time: Double = 50

    @Option(help: "Step type: \(StepType.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: String = "rk8pd"

    @Option(help: "Relative tolerance of each step.")
    var rtol: Double = 1e-8

    @Option(help: "Absolute tolerance (default: rtol times the largest initial weight entry).")
    var atol: Double?

    @Option(help: "State: auto (log-norm when balanced), weights, log-norm.")
    var formulation: String = "auto"

    @Option(help: "Log-spaced sample times in [T/10^4, T] (besides 0 and T).")
    var samples: Int = 12

    @Option(help: "Extra sample times, comma-separated.")
    var at: String?

    @Option(help: "End the run at the first time the training risk reaches this value (located inside the step).")
    var stopAtRisk: Double?

    @Option(help: "End the run at the first time ||theta'|| = c ||grad L|| reaches this value (c = 1/alpha^2 the loss scale: the gradient norm itself at alpha = 1).")
    var stopAtGradNorm: Double?

    @OptionGroup var budget: BudgetOptions

    func makeOptions() throws -> SolverOptions {
        let parametrisation: Parametrisation?
        switch formulation {
        case "auto": parametrisation = nil
        default:
            guard let p = Parametrisation(rawValue: formulation) else {
                throw InputError(field: "--formulation", value: formulation, reason: "one of auto, weights, log-norm")
            }
            parametrisation = p
        }
        let times = try (at ?? "").split(separator: ",").map { text -> Double in
            guard let t = Double(text.trimmingCharacters(in: .whitespaces)) else {
                throw InputError(field: "--at", value: String(text), reason: "not a number")
            }
            guard t <= time else { throw InputError(field: "--at", value: String(text), reason: "is after the end time T = \(time) (--time)") }
            return t
        }
        var options = try SolverOptions(endTime: time, method: StepType(named: method), relativeTolerance: rtol,
                                        absoluteTolerance: atol, parametrisation: parametrisation, sampleTimes: times,
                                        logSpacedSamples: samples)
        try budget.apply(to: &options)
        switch (stopAtRisk, stopAtGradNorm) {
        case (let eps?, nil): options.stoppingRule = try StoppingRule.risk(eps).validated()
        case (nil, let eps?): options.stoppingRule = try StoppingRule.gradientNorm(eps).validated()
        case (nil, nil): break
        case (_?, let eps?):
            throw InputError(field: "--stop-at-grad-norm", value: "\(eps)", reason: "give one stopping rule, not both")
        }
        return options
    }
}
