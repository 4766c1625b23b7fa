import ArgumentParser
import Foundation
import ReLUFlow

/// `reluflow sweep`: runs a sweep (the default, `sweep run`) or merges shard files (`sweep merge`).
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run the flow over a grid of run options and seeds (sweep run, the default), or merge shard results.",
        subcommands: [SweepRunCommand.self, SweepMergeCommand.self],
        defaultSubcommand: SweepRunCommand.self)
}

struct SweepRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the flow over a grid of run options and seeds, one results line per cell.",
        usage: "reluflow sweep [run] --out <path> [--sweep <name=values> ...] [<options>] [<run options> ...]",
        discussion: """
        Any `reluflow run` option can be swept (--sweep name=values, repeatable); the other run \
        options given here are passed to every cell. \
        Values: a list v1,v2,...; an integer range a..b; a..b:k (k linearly spaced); a..b:log:k \
        (k log-spaced). Integer ends give integer values. \
        Replicate r of a grid point runs with --seed (default 1) + r.

        Each cell runs to --time and records: train loss, test excess E(f - f*)^2 on fresh inputs, \
        the OLS predictor's train loss and test excess, the distance to OLS, interpolated or not, \
        direction clusters, switches, sliding entries and exits, steps and wall time.

        The results file (CSV, preamble recording the sweep) gets one line per finished cell, each \
        written whole and synced: re-running the same command skips the finished cells, and a file \
        of another sweep is refused.

        Examples:
          reluflow sweep --sweep n=10..2000:log:12 --sweep lambda=1e-2,1e-6 --out r.csv
          reluflow sweep --sweep n=10..80:log:4 --d 5 --out r.csv --shard 2/4
          reluflow sweep merge --out r.csv r.csv.shard-*-of-4
          reluflow sweep --sweep m=5,10,20 --out r.csv --emit-sbatch job --shards 8
        """)

    @Option(name: .customLong("sweep"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("A swept run option: name=values (repeatable).", valueName: "name=values"))
    var axes: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("Replicates (seeds) per grid point.", valueName: "k"))
    var seeds: Int = 1

    @Option(help: ArgumentHelp("Results file (CSV).", valueName: "path"))
    var out: String

    @Option(parsing: .unconditional, help: "Cells run at once (default: the machine's cores).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(parsing: .unconditional, help: ArgumentHelp("Run only shard k of N of the cells.", valueName: "k/N"))
    var shard: String?

    @Option(help: ArgumentHelp(
        "Write a Slurm job-array script that runs --shards shards and merges them, instead of running.",
        valueName: "path"))
    var emitSbatch: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Shards (array tasks) of the --emit-sbatch script.", valueName: "N"))
    var shards: Int = 4

    @Argument(parsing: .allUnrecognized, help: "Run options passed to every cell (see reluflow run --help).")
    var runOptions: [String] = []

    func run() async throws {
        let definition = try makeDefinition()
        if let emitSbatch { return try writeSbatch(emitSbatch) }
        let shard = try shard.map(Shard.init(parsing:)) ?? .whole
        let runner = try SweepRunner(workers: workers)
        let cells = definition.cells.filter(shard.contains).count
        let progress = ProgressLine(enabled: isatty(STDERR_FILENO) != 0)
        let start = Date()
        let store = try ResultsStore(path: out, definition: definition, shard: shard)
        let ran = try await runner.run(definition, shard: shard, store: store, evaluate: { cell in
            try SweepCellOptions.of(cell, in: definition).run()
        }, progress: progress.show)
        progress.finish()
        let failed = try ResultsFile(path: out).failures.count
        print("sweep: \(cells) cells\(shard == .whole ? "" : " in shard \(shard)") (\(ran) run, \(cells - ran) already in \(out)), "
              + "\(formatNumber(Date().timeIntervalSince(start), digits: 4)) s with \(workers) workers -> \(out)")
        if failed > 0 { print("sweep: \(failed) cells failed; their reasons are the '# failed cell' lines of \(out)") }
    }

    /// The sweep's definition, with every cell's options checked before anything runs.
    func makeDefinition() throws -> SweepDefinition {
        let parsedAxes = try axes.map(SweepAxis.init(parsing:))
        let definition = try SweepDefinition(arguments: runOptions, axes: parsedAxes, seeds: seeds)
        do {
            _ = try SweepCellOptions.parse(runOptions)
        } catch {
            throw InputError(field: "run options", value: runOptions.joined(separator: " "),
                             reason: SweepCellOptions.message(for: error))
        }
        for axis in parsedAxes {
            if runOptions.contains("--\(axis.name)") || runOptions.contains(where: { $0.hasPrefix("--\(axis.name)=") }) {
                throw InputError(field: "--sweep \(axis.name)", value: axis.values.joined(separator: ","),
                                 reason: "--\(axis.name) is also given as a fixed run option")
            }
            for value in axis.values {
                let options: SweepCellOptions
                do {
                    options = try SweepCellOptions.parse(runOptions + ["--\(axis.name)", value])
                } catch {
                    throw InputError(field: "--sweep \(axis.name)", value: value,
                                     reason: "not a run option with this value (\(SweepCellOptions.message(for: error)))")
                }
                do {
                    _ = try options.problem.makeProblem(options.initialization)
                    _ = try options.integration.makeOptions()
                } catch let error as InputError {
                    throw InputError(field: "--sweep \(axis.name)", value: value,
                                     reason: "refused: \(ErrorMapping.flagged(error).description)")
                }
            }
        }
        try SweepCellOptions.validateEveryPoint(of: definition)
        return definition
    }

    private func writeSbatch(_ path: String) throws {
        let cwd = FileManager.default.currentDirectoryPath
        let executable = URL(fileURLWithPath: CommandLine.arguments[0], relativeTo: URL(fileURLWithPath: cwd))
            .standardizedFileURL.resolvingSymlinksInPath().path
        let absoluteOut = out.hasPrefix("/") ? out : cwd + "/" + out
        let arguments = axes.flatMap { ["--sweep", $0] } + ["--seeds", "\(seeds)"] + runOptions
        let script = try SbatchScript(executable: executable, directory: cwd, sweepArguments: arguments,
                                      output: absoluteOut, shards: shards, workersPerTask: workers)
        guard FileManager.default.createFile(atPath: path, contents: Data(script.text.utf8),
                                             attributes: [.posixPermissions: 0o755]) else {
            throw InputError(field: "--emit-sbatch", value: path, reason: "cannot write the script")
        }
        print("wrote \(path): \(shards) array tasks of \(workers) workers; submit with: sbatch \(path)")
    }
}

struct SweepMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the results files of a sweep's shards into one (refusing files of different sweeps).")

    @Option(help: ArgumentHelp("Merged results file.", valueName: "path"))
    var out: String

    @Flag(help: "Merge only if every input exists and every cell of the sweep is present; otherwise say so and exit 0.")
    var ifComplete = false

    @Flag(help: "Allow --out to replace an existing file other than an earlier merge of the same sweep.")
    var force = false

    @Argument(help: "Shard results files.")
    var inputs: [String] = []

    func run() throws {
        if ifComplete {
            if let missing = inputs.first(where: { !FileManager.default.fileExists(atPath: $0) }) {
                print("merge: \(missing) is not there yet; not merging yet")
                return
            }
            let files = try inputs.map(ResultsFile.init(path:))
            let found = files.reduce(0) { $0 + $1.rows.count + $1.failures.count }
            if let total = files.first?.definition.cellCount, found < total {
                print("merge: \(found) of \(total) cells so far; not merging yet")
                return
            }
        }
        let summary = try ShardMerge.merge(inputs, into: out, force: force)
        print("merged \(inputs.count) files: \(summary.cells) of \(summary.total) cells"
              + (summary.failed > 0 ? " (and \(summary.failed) failed)" : "") + " -> \(out)")
    }
}
