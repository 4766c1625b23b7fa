import ArgumentParser
import Foundation
import ReLUFlow

/// Everything one sweep cell is run with: the run options (so that any of them can be swept)
/// and how the end point is measured.
struct SweepCellOptions: ParsableArguments {
    @OptionGroup(title: "Problem") var problem: ProblemOptions
    @OptionGroup(title: "Initialization") var initialization: InitializationOptions
    @OptionGroup(title: "Integration") var integration: IntegrationOptions

    @Option(parsing: .unconditional, help: "Fresh inputs (noise-free teacher labels) for the test excess and the distance to OLS.")
    var testSamples: Int = 10000

    @Option(parsing: .unconditional, help: "Training loss at or below which a cell counts as interpolating.")
    var interpolationTolerance: Double = 1e-6

    @Option(parsing: .unconditional, help: "Angular radius (radians) of a direction cluster.")
    var clusterAngle: Double = 0.1

    @Option(parsing: .unconditional, help: "Share of sum_j |a_j| ||w_j|| a direction cluster must hold to count.")
    var clusterShare: Double = 0.01

    /// The options of `cell` of `definition`, its seed moved by its replicate number.
    static func of(_ cell: SweepCell, in definition: SweepDefinition) throws -> SweepCellOptions {
        var options = try parse(definition.arguments(for: cell))
        options.problem.seed &+= UInt64(cell.replicate)
        return options
    }

    /// Builds every grid point's problem, options and measurement (replicate 0, data generated
    /// but nothing run), so that a bad value is refused before the first cell runs.
    /// - Throws: `InputError` naming the cell's swept values and the option at fault.
    static func validateEveryPoint(of definition: SweepDefinition) throws {
        for cell in definition.cells where cell.replicate == 0 {
            do {
                let options = try of(cell, in: definition)
                let flow = try options.problem.makeProblem(options.initialization)
                try flow.requireMemory(for: options.integration.makeOptions())
                _ = try CellMeasurement(interpolationTolerance: options.interpolationTolerance,
                                        clusterAngle: options.clusterAngle, clusterShare: options.clusterShare)
                if options.problem.data == nil, options.testSamples <= 0 {
                    throw InputError(field: "--test-samples", value: "\(options.testSamples)", reason: "must be a whole number > 0")
                }
            } catch let error as InputError {
                let error = ErrorMapping.flagged(error)
                let point = zip(definition.axes, cell.values).map { "\($0.name)=\($1)" }.joined(separator: " ")
                throw InputError(field: "--sweep cell \(cell.index) (\(point)): \(error.field)", value: error.value,
                                 reason: error.reason)
            }
        }
    }

    /// Runs the cell and measures its end point.
    func run() throws -> CellObservables {
        let flow = try problem.makeProblem(initialization)
        let measurement = try CellMeasurement(interpolationTolerance: interpolationTolerance, clusterAngle: clusterAngle,
                                          clusterShare: clusterShare)
        return try measurement.run(flow, options: integration.makeOptions(), test: try testSet())
    }

    /// Fresh inputs from the generating teacher with noise-free labels (nil for data from a file):
    /// the teacher's draw continued past the n training samples with the same seed (so a relu
    /// teacher keeps its directions), noise set to 0. Orthogonal inputs have no fresh inputs:
    /// their test set is the training inputs.
    func testSet() throws -> Dataset? {
        guard problem.data == nil else { return nil }
        guard testSamples > 0 else {
            throw InputError(field: "--test-samples", value: "\(testSamples)", reason: "must be a whole number > 0")
        }
        let teacher = try problem.makeTeacher()
        if teacher == .orthogonal {
            let training = try teacher.sample(n: problem.n, d: problem.d, noise: 0, seed: problem.seed)
            return problem.bias ? training.appendingBiasInput() : training
        }
        return try problem.makeTestData(count: testSamples, noise: 0)
    }
}
