import ArgumentParser
import Foundation
import ReLUFlow

/// Options that define the data, the model and the loss of a flow problem.
struct ProblemOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Data file, header x1,...,xd,y (one row per sample). Without it, data are generated.",
        valueName: "path"))
    var data: String?

    @Option(parsing: .unconditional, help: "Samples to generate.")
    var n: Int = 6

    @Option(parsing: .unconditional, help: "Input dimension of generated data (without the bias).")
    var d: Int = 3

    @Option(help: "Teacher of generated data.")
    var teacher: TeacherKind = .linear

    @Option(parsing: .unconditional, help: ArgumentHelp("Neurons of the relu teacher.", valueName: "k"))
    var teacherNeurons: Int = 2

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Mixture teacher: distance of each class mean from 0 (x = kappa y e1 + sigma z).", valueName: "kappa"))
    var kappa: Double = 1

    @Option(parsing: .unconditional, help: ArgumentHelp("Mixture teacher: noise standard deviation.", valueName: "sigma"))
    var sigma: Double = 1

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Label noise: standard deviation (linear, relu) or flip probability (clusters); mixture: unused.",
        valueName: "level"))
    var noise: Double = 0.5

    @Flag(help: "Append a constant input 1 (a hidden bias).")
    var bias = false

    @Option(help: "Loss: square (1/(2n) sum (f - y)^2) or logistic (1/n sum log(1 + exp(-y f))).")
    var loss: Loss = .square

    @Option(parsing: .unconditional, help: "Output scale alpha: model f = alpha c(m) sum_j a_j relu(<w_j, x>) trained on L(f) / alpha^2.")
    var alpha: Double = 1

    @Option(help: ArgumentHelp("Width normalisation c(m) of the output: none (1), ntk (1/sqrt(m)), mean-field (1/m).",
                               valueName: "c"))
    var normalisation: WidthNormalisation = .none

    @Option(parsing: .unconditional, help: "Seed of the data and the initialization.")
    var seed: UInt64 = 1

    /// The flow problem, with the network drawn (or read) as `initialization` says.
    func makeProblem(_ initialization: InitializationOptions) throws -> FlowProblem {
        let dataset = try makeData()
        let network = try initialization.makeNetwork(dimension: dataset.dimension, seed: seed)
        let outputScaling = try OutputScaling(alpha: alpha, normalisation: normalisation)
        return try FlowProblem(data: dataset, initial: network, loss: loss, scaling: outputScaling)
    }

    /// The training data: read from --data or generated, with the bias input appended for --bias.
    func makeData() throws -> Dataset {
        let dataset = try data.map { try Dataset(csvPath: $0) } ?? makeTeacher().sample(n: n, d: d, noise: noise, seed: seed)
        return bias ? dataset.appendingBiasInput() : dataset
    }

    /// `count` held-out samples from the generating teacher (the rows after the n training rows
    /// of the same draw, with label noise `noise`, by default the training data's), or nil for data
    /// read from a file or count 0.
    func makeTestData(count: Int, noise labelNoise: Double? = nil) throws -> Dataset? {
        guard data == nil, count > 0 else { return nil }
        let test = try makeTeacher().heldOut(count: count, after: n, d: d, noise: labelNoise ?? noise, seed: seed)
        return bias ? test.appendingBiasInput() : test
    }

    func makeTeacher() throws -> Teacher {
        try teacher.teacher(neurons: teacherNeurons, kappa: kappa, sigma: sigma)
    }
}
