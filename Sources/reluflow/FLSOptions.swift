import ArgumentParser
import Foundation
import ReLUFlow

/// The task of `reluflow fls`.
enum FLSTeacher: String, ExpressibleByArgument, CaseIterable {
    /// Labels from a k-neuron relu teacher minus its median, training labels flipped.
    case relu
    /// The symmetric Gaussian mixture x = kappa y e1 + sigma z.
    case mixture
}

/// The task and the network of `reluflow fls`.
struct FLSProblemOptions: ParsableArguments {
    @Option(help: "Task: relu (k-neuron relu teacher, flipped labels) or mixture (x = kappa y e1 + sigma z).")
    var teacher: FLSTeacher = .relu
    @Option(parsing: .unconditional, help: ArgumentHelp("Mixture: distance of each class mean from 0.", valueName: "kappa"))
    var kappa: Double = 1
    @Option(parsing: .unconditional, help: ArgumentHelp("Mixture: noise standard deviation.", valueName: "sigma"))
    var sigma: Double = 1
    @Option(parsing: .unconditional, help: "Training samples.") var n: Int = 100
    @Option(parsing: .unconditional, help: "Test samples.") var nTest: Int = 2000
    @Option(parsing: .unconditional, help: "Input dimension.") var d: Int = 10
    @Option(parsing: .unconditional, help: "Neurons.") var m: Int = 100
    @Option(parsing: .unconditional, help: ArgumentHelp("Neurons of the teacher.", valueName: "k"))
    var teacherNeurons: Int = 2
    @Option(parsing: .unconditional, help: ArgumentHelp("Probability of flipping a training label.", valueName: "p"))
    var flip: Double = 0.1

    /// The mixture of `--teacher mixture` (nil for the relu teacher).
    /// - Throws: `InputError` naming kappa or sigma.
    func makeMixture() throws -> GaussianMixture? {
        teacher == .mixture ? try GaussianMixture(kappa: kappa, sigma: sigma) : nil
    }
}

/// The initial networks of `reluflow fls`: scales and seeds.
struct FLSInitializationOptions: ParsableArguments {
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Init scales s, comma-separated, increasing.", valueName: "s1,s2,..."))
    var scales: String = "1e-3,1e-2,1e-1,1,10"
    @Option(parsing: .unconditional, help: ArgumentHelp("Seeds 1...k (data and init).", valueName: "k"))
    var seeds: Int = 5

    func validate() throws {
        let values = scales.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count >= 3, values.allSatisfy({ $0 != nil }),
              zip(values, values.dropFirst()).allSatisfy({ $0! < $1! }) else {
            throw ValidationError("--scales = \(scales): give at least 3 increasing numbers")
        }
    }
}

/// The training of `reluflow fls`: where it stops and how accurately it is integrated.
struct FLSIntegrationOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Target training risk.") var eps: Double = 0.1
    @Option(parsing: .unconditional, help: "Relative tolerance.") var rtol: Double = 1e-8
    @Option(parsing: .unconditional, help: ArgumentHelp("End time for runs that do not reach --eps.", valueName: "T"))
    var time: Double = 5000
    @Flag(help: "Run to --time instead of stopping at --eps (control).") var noStop = false
}
