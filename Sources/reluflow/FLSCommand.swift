import ArgumentParser
import Foundation
import ReLUFlow

struct FLSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fls",
        abstract: "Test error against feature-learning strength, training stopped at a target risk.",
        discussion: """
        Logistic loss on a noisy classification task (x ~ N(0, I_d), labels sign of a k-neuron
        ReLU teacher minus its median, training labels flipped with probability --flip, clean test
        labels). Balanced init at each scale s of --scales (FLS = 1/s^2), gradient flow stopped at
        the first time the training risk reaches --eps (or run to --time with --no-stop). Prints
        per s the mean +- standard error over seeds of test and train 0-1 error, their gap, the
        effective rank of the normalised first layer, direction clusters, share of neurons aligned
        with the top cluster, the stopping time, and the kernel predictor (the linearisation at the
        same init, trained on the same loss and stopped at the same --eps): its test error, the
        distance sqrt(E(f - f_K)^2 / E f_K^2) and the share of test inputs classified differently;
        then the located optimum.

        --over name=values adds a second parameter (n, n-test, d, m, teacher-neurons, flip or eps;
        values as in `reluflow sweep`): one table per value, the optimum per value, and the phase
        diagram of test error over (s, parameter). Every finished run is appended to --out (CSV,
        resumable: re-running the same command skips finished runs; `reluflow phase FILE --columns
        s --rows n --value test_error` draws it with gnuplot). A run the solver gives up on is
        reported on stderr and counted as failed, not averaged.

        Examples:
          reluflow fls --n 100 --d 10 --m 100 --scales 1e-3,1e-2,1e-1,1,10 --seeds 5
          reluflow fls --over n=50,100,200 --seeds 6 --out fls-n.csv
        """)

    @Option(help: "Training samples.") var n: Int = 100
    @Option(help: "Test samples.") var nTest: Int = 2000
    @Option(help: "Input dimension.") var d: Int = 10
    @Option(help: "Neurons.") var m: Int = 100
    @Option(help: "Neurons of the teacher.") var teacherNeurons: Int = 2
    @Option(help: "Probability of flipping a training label.") var flip: Double = 0.1
    @Option(help: "Target training risk.") var eps: Double = 0.1
    @Option(help: "Init scales s, comma-separated, increasing.") var scales: String = "1e-3,1e-2,1e-1,1,10"
    @Option(help: "Seeds 1...k (data and init).") var seeds: Int = 5
    @Option(help: "Relative tolerance.") var rtol: Double = 1e-8
    @Option(help: "End time for runs that do not reach --eps.") var time: Double = 5000
    @Flag(help: "Run to --time instead of stopping at --eps (control).") var noStop = false
    @Option(help: "A second parameter and its values, name=values (phase diagram).") var over: String?
    @Option(help: "Results file (CSV): finished runs are kept and a re-run resumes (default: a temporary file).")
    var out: String?
    @Option(help: "Cells run at once.") var workers: Int = 2

    func run() throws {
        do {
            var e = FLSExperiment()
            (e.n, e.nTest, e.d, e.m, e.teacherNeurons, e.flip) = (n, nTest, d, m, teacherNeurons, flip)
            e.eps = eps
            e.scales = try scales.split(separator: ",").map { text in
                guard let s = Double(text.trimmingCharacters(in: .whitespaces)), s.isFinite, s > 0 else {
                    throw InputError(field: "--scales", value: String(text), reason: "each scale must be a number > 0")
                }
                return s
            }
            guard e.scales.count >= 3, zip(e.scales, e.scales.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw InputError(field: "--scales", value: scales, reason: "give at least 3 increasing scales")
            }
            (e.seeds, e.relativeTolerance, e.endTime, e.stops, e.workers) = (seeds, rtol, time, !noStop, workers)
            let sweep = try FLSSweep(base: e, over: over.map(SweepAxis.init(parsing:)))
            let path = out ?? NSTemporaryDirectory() + "reluflow-fls-\(getpid()).csv"
            defer { if out == nil { try? FileManager.default.removeItem(atPath: path) } }
            let runner = try SweepRunner(workers: workers)
            let progress = ProgressLine(enabled: isatty(STDERR_FILENO) != 0)
            _ = try blockingRun {
                let store = try ResultsStore(path: path, definition: sweep.definition, shard: .whole)
                return try await runner.run(sweep.definition, shard: .whole, store: store, evaluate: { cell in
                    let measures = try sweep.evaluate(cell)
                    if let reason = measures.failureReason {
                        FileHandle.standardError.write(Data("run \(cell.values.joined(separator: " ")) seed \(cell.replicate + 1) failed: \(reason)\n".utf8))
                    }
                    return measures
                }, progress: progress.show)
            }
            progress.finish()
            let file = try ResultsFile(path: path)
            let groups = try sweep.rows(from: file)
            for (label, rows) in groups {
                print((sweep.over.map { "\($0.name)=\(label) " } ?? "")
                      + sweep.definition.arguments.joined(separator: " ") + " seeds=\(seeds)")
                print(FLSReport.table(rows))
                print(FLSReport.optimumLine(rows))
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
        } catch let error as InputError {
            throw CommandFailure(message: error.description)
        }
    }
}
