import ArgumentParser
import Foundation
import ReLUFlow

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the theorem checks: each prediction against the exact flow, with its negative control.",
        discussion: """
        Prints one row per check: check | source | setting | measured | predicted | tolerance |
        verdict | control. The exit code is 0 only if every check passes and every control fails.
        Derivations of each prediction and tolerance: proofs-notes/<check>.md.

        Examples:
          reluflow check
          reluflow check --list
          reluflow check --quick 'logistic-*' deactivation --format csv
        """)

    @Argument(help: "Check names or globs (default: all).")
    var names: [String] = []

    @Flag(help: "List the checks and their sources.")
    var list = false

    @Flag(help: "Smaller settings (seconds, for CI).")
    var quick = false

    @Option(help: "Output format: text, csv, json.")
    var format: String = "text"

    @Option(help: "Seed of the random settings.")
    var seed: UInt64 = 1

    func run() throws {
        do {
            guard let output = CheckReport.Format(rawValue: format) else {
                throw InputError(field: "--format", value: format, reason: "one of text, csv, json")
            }
            let checks = try CheckRegistry.select(names)
            if list {
                for check in checks { print("\(check.name)  (\(check.source))") }
                return
            }
            let results = try checks.map { ($0, try $0.run(quick: quick, seed: seed)) }
            print(CheckReport.render(results, format: output))
            let held = results.filter { $0.1.holds }.count
            if output == .text { print("\(held) of \(results.count) checks hold (passed, and their control failed)") }
            if held < results.count { throw ExitCode(1) }
        } catch let error as InputError {
            throw CommandFailure(message: error.description)
        } catch let error as SolverError {
            throw CommandFailure(message: error.description)
        }
    }
}
