import ArgumentParser
import Foundation
import ReLUFlow

struct FLSCommand: AsyncParsableCommand, RenamesParameters {
    static let configuration = CommandConfiguration(
        commandName: "fls",
        abstract: "Test error against feature-learning strength, training stopped at a target risk.",
        discussion: """
        Logistic loss on a noisy classification task (x ~ N(0, I_d), labels sign of a k-neuron \
        ReLU teacher minus its median, training labels flipped with probability --flip, clean \
        test labels). \
        Balanced init at each scale s of --scales (FLS = 1/s^2), gradient flow stopped at the \
        first time the training risk reaches --eps (or run to --time with --no-stop). \
        Prints per s the mean +- standard error over seeds of test and train 0-1 error, their gap, \
        the effective rank of the normalised first layer, direction clusters, share of neurons \
        aligned with the top cluster, the stopping time, and the kernel predictor (the \
        linearisation at the same init, trained on the same loss and stopped at the same --eps): \
        its test error, the distance sqrt(E(f - f_K)^2 / E f_K^2) and the share of test inputs \
        classified differently; then the located optimum. \
        With --teacher mixture (x = kappa y e1 + sigma z, y = +-1, z ~ N(0, I_d); clean labels, \
        --flip and --teacher-neurons unused) a second table gives the Bayes error \
        Phi(-kappa/sigma), the excess test error split into the class-mean classifier's \
        (the error of sign<mu_hat, x>, in closed form, minus Bayes) and the network's over it \
        (test error minus that), and the neurons' mean angles (weighted by |a_j| ||w_j||) to mu_hat = (1/n) sum \
        y_i x_i and to e1.

        --over name=values adds a second parameter (n, n-test, d, m, teacher-neurons, flip, \
        eps, kappa or sigma; values as in `reluflow sweep`): one table per value, the optimum per value, and the \
        phase diagram of test error over (s, parameter). \
        Every finished run is appended to --out (CSV, resumable: re-running the same command \
        skips finished runs; `reluflow phase FILE --columns s --rows n --value test_error` draws \
        it with gnuplot). \
        A run the solver gives up on is reported on stderr and counted as failed, not averaged.

        Examples:
          reluflow fls --n 100 --d 10 --m 100 --scales 1e-3,1e-2,1e-1,1,10 --seeds 5
          reluflow fls --over n=50,100,200 --seeds 6 --out fls-n.csv
          reluflow fls --teacher mixture --kappa 1.5 --over n=25,50,100
        """)

    static let parameterFlags = ["axis": "--over"]

    @OptionGroup(title: "Problem") var problem: FLSProblemOptions

    @OptionGroup(title: "Initialization") var initialization: FLSInitializationOptions
    @OptionGroup(title: "Integration") var integration: FLSIntegrationOptions

    @Option(parsing: .unconditional,
            help: ArgumentHelp("A second parameter and its values (phase diagram).", valueName: "name=values"))
    var over: String?
    @Option(help: ArgumentHelp("Results file (CSV): finished runs are kept and a re-run resumes (default: a temporary file).",
                               valueName: "path"))
    var out: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Cells run at once.", valueName: "k"))
    var workers: Int = 2

    func run() async throws {
        var e = FLSExperiment()
        (e.n, e.nTest, e.d, e.m) = (problem.n, problem.nTest, problem.d, problem.m)
        (e.teacherNeurons, e.flip, e.eps) = (problem.teacherNeurons, problem.flip, integration.eps)
        e.mixture = try problem.makeMixture()
        e.scales = initialization.scales.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        (e.seeds, e.relativeTolerance, e.endTime) = (initialization.seeds, integration.rtol, integration.time)
        (e.stops, e.workers) = (!integration.noStop, workers)
        let sweep = try FLSSweep(base: e, over: over.map(SweepAxis.init(parsing:)))
        let path = out ?? NSTemporaryDirectory() + "reluflow-fls-\(getpid()).csv"
        defer { if out == nil { try? FileManager.default.removeItem(atPath: path) } }
        let runner = try SweepRunner(workers: workers)
        let progress = ProgressLine(enabled: isatty(STDERR_FILENO) != 0)
        let store = try ResultsStore(path: path, definition: sweep.definition, shard: .whole)
        _ = try await runner.run(sweep.definition, shard: .whole, store: store, evaluate: { cell in
            let measures = try sweep.evaluate(cell)
            if let reason = measures.failureReason {
                let run = cell.values.joined(separator: " ")
                FileHandle.standardError.write(Data("run \(run) seed \(cell.replicate + 1) failed: \(reason)\n".utf8))
            }
            return measures
        }, progress: progress.show)
        progress.finish()
        try printResults(sweep, file: ResultsFile(path: path))
    }

    /// One table per value of --over (or one table), the optima and the phase diagram.
    private func printResults(_ sweep: FLSSweep, file: ResultsFile) throws {
        let groups = try sweep.rows(from: file)
        for (label, rows) in groups {
            print((sweep.over.map { "\($0.name)=\(label) " } ?? "")
                  + sweep.definition.arguments.joined(separator: " ") + " seeds=\(initialization.seeds)")
            print(FLSReport.table(rows))
            if let mixtureTable = FLSReport.mixtureTable(rows) { print(mixtureTable) }
            print(FLSReport.optimumLine(rows))
            print(FLSReport.powerLine(rows))
            print()
        }
        if let axis = sweep.over {
            print("optimum over \(axis.name):")
            print(FLSReport.optimumTable(parameter: axis.name, groups))
            print()
            let phase = try PhaseTable(results: file, value: "test_error", columns: "s", rows: axis.name)
            print(HeatMap(table: phase, numbers: true).render())
        }
        if let out { print("results: \(out) (draw with: reluflow phase \(out) --columns s --value test_error)") }
    }
}
