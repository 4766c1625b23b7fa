import Foundation
import ReLUFlow
import Testing

/// `reluflow --help` and every subcommand's `--help`, as printed on terminals of 80 and 100 columns.
@Suite struct HelpTests {
    /// The subcommand paths under `path` (`["sweep", "merge"]`, ...), read from the SUBCOMMANDS
    /// section of its help, depth first.
    static func commandPaths(_ bin: String, under path: [String] = []) throws -> [[String]] {
        let help = try runProcess(bin, path + ["--help"], environment: ["COLUMNS": "100"]).stdout
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "SUBCOMMANDS:") else { return [path] }
        let names = lines[(start + 1)...].prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        return try [path] + names.flatMap { try commandPaths(bin, under: path + [$0]) }
    }

    @Test func everySubcommandIsFound() throws {
        let paths = try Self.commandPaths(try reluflowExecutable()).map { $0.joined(separator: " ") }
        for expected in ["", "run", "align", "sweep", "sweep run", "sweep merge", "phase", "fls", "check"] {
            #expect(paths.contains(expected), "\(paths)")
        }
    }

    @Test(arguments: ["80", "100"])
    func everyHelpLineFitsOneHundredColumns(columns: String) throws {
        let bin = try reluflowExecutable()
        for path in try Self.commandPaths(bin) {
            let result = try runProcess(bin, path + ["--help"], environment: ["COLUMNS": columns])
            #expect(result.status == 0, "\(path): \(result.stderr)")
            #expect(result.stdout.contains("USAGE:"), "\(path)")
            for line in result.stdout.split(separator: "\n") {
                #expect(line.count <= 100, "reluflow \(path.joined(separator: " ")) --help: \(line.count) characters: \(line)")
            }
        }
    }

    /// Example commands are shorter than 80 characters, so that no terminal wraps them.
    @Test func examplesAreShorterThanEightyCharacters() throws {
        let bin = try reluflowExecutable()
        var examples = 0
        for path in try Self.commandPaths(bin) {
            let help = try runProcess(bin, path + ["--help"], environment: ["COLUMNS": "1000"]).stdout
            for line in help.split(separator: "\n") where line.hasPrefix("  reluflow ") {
                examples += 1
                #expect(line.count < 80, "reluflow \(path.joined(separator: " ")) --help: \(line)")
            }
        }
        #expect(examples >= 15)
    }

    /// Enumerated options list their values in help: the library's cases, all of them.
    @Test func enumeratedOptionsListTheirValues() throws {
        let help = try runProcess(try reluflowExecutable(), ["run", "--help"], environment: ["COLUMNS": "100"]).stdout
        let flattened = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for values in [StepType.allCases.map(\.rawValue), Loss.allCases.map(\.rawValue),
                       WidthNormalisation.allCases.map(\.rawValue), Initialization.Balance.allCases.map(\.rawValue),
                       ["auto"] + Parametrisation.allCases.map(\.rawValue)] {
            #expect(flattened.contains("values: " + values.joined(separator: ", ")), "\(values)")
        }
        for title in ["PROBLEM:", "INITIALIZATION:", "INTEGRATION:", "OBSERVERS:", "OUTPUT:"] {
            #expect(help.contains(title))
        }
    }

    /// A value outside an enumeration is refused by the parser, naming option and value.
    @Test func unknownEnumerationValuesAreRefused() throws {
        let bin = try reluflowExecutable()
        for (option, value) in [("--method", "euler"), ("--loss", "hinge"), ("--teacher", "bogus"),
                                ("--formulation", "polar"), ("--normalisation", "sqrt"), ("--balance", "half")] {
            let result = try runProcess(bin, ["run", option, value])
            #expect(result.status != 0)
            #expect(result.stderr.contains("'\(value)'") && result.stderr.contains(option), "\(result.stderr)")
        }
    }
}
