import ArgumentParser
import Foundation
import ReLUFlow

extension CheckReport.Format: ExpressibleByArgument {}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the checks of the papers' claims against the exact flow, each with its negative control.",
        usage: """
        reluflow check [<names> ...] [--quick | --full] [--strict] [--format <format>] [--seed <n>]
        reluflow check --list [<names> ...]
        """,
        discussion: """
        A check is a theorem (a proven prediction: it must pass and its control must fail) or a \
        measurement (an empirical claim of a paper: reported as reproduced or not, with its \
        statistics). Per check the text output gives a summary line (name, kind, verdict, control \
        verdict) and its source, setting, measurement, prediction, tolerance and control.

        The exit code is 0 when every theorem passes and every control fails; with --strict every \
        measurement must reproduce too. The default settings take about 2 minutes on 2 cores, \
        --quick seconds, --full (the proofs-notes' settings) more than half an hour.

        Derivations of each prediction and tolerance: proofs-notes/<check>.md.

        Examples:
          reluflow check
          reluflow check --list
          reluflow check --quick 'logistic-*' deactivation --format csv
        """)

    @Argument(help: "Check names or globs (default: all).")
    var names: [String] = []

    @Flag(help: "List the checks: name, kind and source.")
    var list = false

    @Flag(help: "Smallest settings (seconds, for CI).")
    var quick = false

    @Flag(help: "The proofs-notes' paper-size settings (more than half an hour for all checks).")
    var full = false

    @Flag(help: "Exit 0 only if every measurement reproduces too.")
    var strict = false

    @Option(help: "Output format.")
    var format: CheckReport.Format = .text

    @Option(help: ArgumentHelp("Seed of the random settings.", valueName: "n"))
    var seed: UInt64 = 1

    func validate() throws {
        if quick && full { throw ValidationError("--quick and --full exclude each other.") }
        if list && (quick || full || strict) {
            throw ValidationError("--list runs no check: it takes no --quick, --full or --strict.")
        }
    }

    /// Writes `text` and a newline to standard output at once (unbuffered: a check's result shows
    /// when it is done).
    func write(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    var level: CheckLevel { quick ? .quick : full ? .full : .standard }

    func run() throws {
        let checks = try CheckRegistry.select(names)
        if list {
            print(CheckReport.list(checks))
            return
        }
        // Text is printed check by check as they finish; CSV and JSON at the end.
        let nameWidth = checks.map(\.name.count).max() ?? 0
        var results: [CheckResult] = []
        for check in checks {
            let result = try CheckResult(running: check, level: level, seed: seed)
            if format == .text { write((results.isEmpty ? "" : "\n") + CheckReport.text(result, nameWidth: nameWidth)) }
            results.append(result)
        }
        write(format == .text ? "\n" + CheckReport.summary(results) : CheckReport.render(results, format: format))
        if !results.succeeded(strict: strict) { throw ExitCode(1) }
    }
}
