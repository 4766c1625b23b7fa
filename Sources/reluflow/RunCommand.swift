import ArgumentParser
import Foundation
import ReLUFlow

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Integrate the gradient flow of one two-layer ReLU network and print its samples.",
        discussion: """
        Model f(x) = alpha * sum_j a_j relu(<w_j, x>), relu'(0) = 0. \
        Square loss L = 1/(2n) sum_i (f(x_i) - y_i)^2: with the mean squared error without the 1/2 \
        (torch's MSELoss) the flow is twice as fast, so t here = 2 * t there = 2 * lr * steps for \
        gradient descent on MSE. \
        Logistic loss L = 1/n sum_i log(1 + exp(-y_i f(x_i))), labels +-1.

        Switching surfaces <w_j, x_i> = 0 are located, and sliding along them is integrated \
        (Filippov): the table counts switches, sliding entries and exits.

        Examples:
          reluflow run
          reluflow run --n 100 --d 10 --m 100 --lambda 1e-4 --noise 0.25 --time 400
          reluflow run --alpha 10 --normalisation ntk --centred --observe kernel
          reluflow run --teacher relu --m 40 --centred --relinearise-every 5
          reluflow run --data D.csv --init I.csv --rtol 1e-10 --save-final F.csv
        """)

    @OptionGroup(title: "Problem") var problem: ProblemOptions
    @OptionGroup(title: "Initialization") var initialization: InitializationOptions
    @OptionGroup(title: "Integration") var integration: IntegrationOptions
    @OptionGroup(title: "Integration") var kernel: KernelOptions
    @OptionGroup(title: "Observers") var observers: ObserverOptions
    @OptionGroup(title: "Output") var output: OutputOptions

    @Option(help: ArgumentHelp(
        "Threads for the passes over the (sample, neuron) pairs, used from n m = 16384 on (the numbers are the "
            + "same whatever the count).", valueName: "k"))
    var threads = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        let inputs = [("--data", problem.data), ("--init", initialization.`init`)]
        let outputs = [("--trace", output.trace), ("--events", output.events), ("--save-final", output.saveFinal),
                       ("--save-data", output.saveData)]
        _ = try OutputPlan(inputs: inputs.compactMap { o, p in p.map { .init(o, $0) } },
                           outputs: outputs.compactMap { o, p in p.map { .init(o, $0) } }, force: output.force)
        let flow = try problem.makeProblem(initialization)
        var options = try integration.makeOptions()
        options.threads = threads
        try flow.requireMemory(for: options)
        if case .risk(let eps) = options.stoppingRule {
            let risk = flow.initial.loss(on: flow.data, loss: flow.loss, outputScale: flow.outputScale)
            guard eps < risk else {
                throw InputError(field: "--stop-at-risk", value: "\(eps)",
                                 reason: "must be below the initial risk \(risk), or the run would stop at t = 0")
            }
        }
        problem.warnAboutIgnoredOptions(initPath: initialization.`init`)
        let progressLine = RunProgressLine(endTime: options.endTime)
        try integration.budget.apply(to: &options, display: progressLine.show)
        defer { progressLine.finish() }
        if observers.observe.contains(.alignment) { options.logSpacedSamples = max(options.logSpacedSamples, 60) }
        if let saveData = output.saveData { try flow.data.write(csvPath: saveData, option: "--save-data") }
        if let interval = kernel.linearisation {
            return try runLinearised(flow, endTime: options.endTime, interval: interval)
        }
        let start = Date()
        let solution = try solve(flow, options: options)
        progressLine.finish()
        let wall = Date().timeIntervalSince(start)
        print("n=\(flow.data.sampleCount) d=\(flow.data.dimension) m=\(flow.initial.width) loss=\(flow.loss.rawValue) "
              + "output-scale=\(flow.outputScale) loss-scale=\(flow.lossScale) T=\(options.endTime) rtol=\(options.relativeTolerance)")
        let alignment = observers.observe.contains(.alignment)
            ? AlignmentObservation(data: flow.data, solution: solution, seed: problem.seed) : nil
        print(RunReport.table(solution, extra: alignment.map { AlignmentReport.columns($0, solution: solution) } ?? []))
        print(RunReport.statistics(solution, method: options.method, wallSeconds: wall))
        if let line = RunReport.stopLine(solution, rule: options.stoppingRule) { print(line) }
        if let alignment { print(AlignmentReport.summary(alignment)) }
        if observers.observe.contains(.kernel) { try printKernel(flow, solution) }
        try printTestLoss(solution.final, flow)
        if let trace = output.trace {
            try RunReport.writeTrace(solution, to: trace, directions: output.traceDirections,
                                     extra: alignment.map(AlignmentReport.traceColumns) ?? [])
        }
        if let events = output.events { try RunReport.writeEvents(solution, to: events) }
        if let saveFinal = output.saveFinal { try solution.final.write(csvPath: saveFinal, option: "--save-final") }
    }
}
