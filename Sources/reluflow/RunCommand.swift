import ArgumentParser
import Foundation
import ReLUFlow

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Integrate the gradient flow of one two-layer ReLU network and print its samples.",
        discussion: """
        Model f(x) = alpha * sum_j a_j relu(<w_j, x>), relu'(0) = 0. Square loss
        L = 1/(2n) sum_i (f(x_i) - y_i)^2: with the mean squared error without the 1/2 (torch's
        MSELoss) the flow is twice as fast, so t here = 2 * t there = 2 * lr * steps for gradient
        descent on MSE. Logistic loss L = 1/n sum_i log(1 + exp(-y_i f(x_i))), labels +-1.

        Switching surfaces <w_j, x_i> = 0 are located, and sliding along them is integrated
        (Filippov): the table counts switches, sliding entries and exits.

        Examples:
          reluflow run
          reluflow run --n 100 --d 10 --m 100 --lambda 1e-4 --seed 3 --teacher linear --noise 0.25 --time 400
          reluflow run --alpha 10 --normalisation ntk --centred --m 200 --teacher relu --observe kernel
          reluflow run --teacher relu --m 40 --centred --relinearise-every 5 --test-samples 200
          reluflow run --data D.csv --init I.csv --time 50 --rtol 1e-10 --atol 1e-12 --method rk8pd --save-final F.csv --trace TR.csv
        """)

    @OptionGroup var problem: ProblemOptions
    @OptionGroup var integration: IntegrationOptions
    @OptionGroup var kernel: KernelOptions

    @Option(help: "Write one row per sample time to this CSV file.")
    var trace: String?

    @Flag(help: "Include the neuron directions u_j in the trace.")
    var traceDirections = false

    @Option(help: "Write every located event (time, pair, kind, changes) to this CSV file.")
    var events: String?

    @Option(help: "Write the final network (a,w1,...,wd; 17 significant digits) to this CSV file.")
    var saveFinal: String?

    @Option(help: "Write the training data (x1,...,xd,y) to this CSV file.")
    var saveData: String?

    @Flag(help: "Allow the output files to replace existing files (never an input, never one another).")
    var force = false

    @Option(help: ArgumentHelp(
        "Observers: alignment (angles to the extremal directions of G, alignment and escape times, direction clusters), kernel (tangent kernel change, spectrum, distance to the linearised flow).",
        discussion: "alignment samples at least 60 log-spaced times."))
    var observe: [Observation] = []

    func run() throws {
        do {
            _ = try OutputPlan(inputs: [("--data", problem.data), ("--init", problem.`init`)].compactMap { o, p in p.map { .init(o, $0) } },
                               outputs: [("--trace", trace), ("--events", events), ("--save-final", saveFinal), ("--save-data", saveData)]
                                   .compactMap { o, p in p.map { .init(o, $0) } },
                               force: force)
            let flow = try problem.makeProblem()
            var options = try integration.makeOptions()
            try flow.requireMemory(for: options)
            if case .risk(let eps) = options.stoppingRule {
                let risk = flow.initial.loss(on: flow.data, loss: flow.loss, outputScale: flow.outputScale)
                guard eps < risk else {
                    throw InputError(field: "--stop-at-risk", value: "\(eps)",
                                     reason: "must be below the initial risk \(risk), or the run would stop at t = 0")
                }
            }
            problem.warnAboutIgnoredOptions()
            let progressLine = RunProgressLine(endTime: options.endTime)
            try integration.budget.apply(to: &options, display: progressLine.show)
            defer { progressLine.finish() }
            if observe.contains(.alignment) { options.logSpacedSamples = max(options.logSpacedSamples, 60) }
            if let saveData { try flow.data.write(csvPath: saveData, option: "--save-data") }
            try kernel.validateTestSamples()
            if let interval = try kernel.linearisation() {
                return try runLinearised(flow, endTime: options.endTime, interval: interval)
            }
            let start = Date()
            let solution = try solve(flow, options: options)
            progressLine.finish()
            let wall = Date().timeIntervalSince(start)
            print("n=\(flow.data.sampleCount) d=\(flow.data.dimension) m=\(flow.initial.width) loss=\(flow.loss.rawValue) "
                  + "output-scale=\(flow.outputScale) loss-scale=\(flow.lossScale) T=\(options.endTime) rtol=\(options.relativeTolerance)")
            let alignment = observe.contains(.alignment)
                ? AlignmentObservation(data: flow.data, solution: solution, seed: problem.seed) : nil
            print(RunReport.table(solution, extra: alignment.map { AlignmentReport.columns($0, solution: solution) } ?? []))
            print(RunReport.statistics(solution, method: options.method, wallSeconds: wall))
            if let line = RunReport.stopLine(solution, rule: options.stoppingRule) { print(line) }
            if let alignment { print(AlignmentReport.summary(alignment)) }
            if observe.contains(.kernel) { try printKernel(flow, solution) }
            try printTestLoss(solution.final, flow)
            if let trace {
                try RunReport.writeTrace(solution, to: trace, directions: traceDirections,
                                         extra: alignment.map(AlignmentReport.traceColumns) ?? [])
            }
            if let events { try RunReport.writeEvents(solution, to: events) }
            if let saveFinal { try solution.final.write(csvPath: saveFinal, option: "--save-final") }
        } catch let error as InputError {
            throw CommandFailure(message: error.description)
        } catch let error as BudgetExceeded {
            throw CommandFailure(message: error.description)
        } catch let error as SolverError {
            throw CommandFailure(message: error.description)
        }
    }
}
