import ArgumentParser
import Foundation
import ReLUFlow

struct PhaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phase",
        abstract: "Phase diagrams of a sweep: text heat maps, CSV tables and gnuplot pictures.",
        usage: "reluflow phase <results> [--value <column> ...] [--columns <name>] [<options>]",
        discussion: """
        For each --value (a results column), averages the finished cells over the replicates on \
        the grid --columns x --rows (default: the first two swept parameters; other swept \
        parameters must be fixed with --at name=value) and prints a heat map with a legend. \
        Next to the results it writes <prefix>-<value>.csv (the table), .dat and .gp (a gnuplot \
        script to restyle), and with gnuplot installed the .svg and .png and a text plot \
        (-text.txt).

        Examples:
          reluflow phase results.csv
          reluflow phase results.csv --value train_loss --value interpolated --numbers
          reluflow phase r.csv --columns n --rows lambda --at d=5 --prefix fig/n
        """)

    @Argument(help: "A sweep's results file.")
    var results: String

    @Option(help: ArgumentHelp(
        "Observable to draw (repeatable; default: train_loss, test_excess_over_ols, interpolated for a sweep, test_error, effective_rank, kernel_distance for `reluflow fls` results).",
        valueName: "column"))
    var value: [String] = []

    @Option(help: ArgumentHelp("Swept parameter along the columns (default: the first).", valueName: "name"))
    var columns: String?

    @Option(help: ArgumentHelp("Swept parameter along the rows (default: the second, if any).", valueName: "name"))
    var rows: String?

    @Option(parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Fix another swept parameter: name=value (repeatable).", valueName: "name=value"))
    var at: [String] = []

    @Flag(help: "Print each entry's value instead of shading.")
    var numbers = false

    @Flag(help: "Also print gnuplot's text plot.")
    var textPlot = false

    @Option(help: ArgumentHelp("Prefix of the files written (default: the results file without .csv, plus -phase).",
                               valueName: "path"))
    var prefix: String?

    func run() throws {
        let file = try ResultsFile(path: results)
        let axes = file.definition.axes
        guard let columnAxis = columns ?? axes.first?.name else {
            throw InputError(field: "results file", value: results, reason: "the sweep has no swept parameter to draw against")
        }
        let rowAxis = rows ?? axes.map(\.name).first { name in name != columnAxis && !at.contains { $0.hasPrefix(name + "=") } }
        var fixed: [String: String] = [:]
        for item in at {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw InputError(field: "--at", value: item, reason: "expected name=value") }
            fixed[parts[0]] = parts[1]
        }
        let base = prefix ?? (results.hasSuffix(".csv") ? String(results.dropLast(4)) : results) + "-phase"
        let gnuplot = Gnuplot.find()
        if gnuplot == nil { print("gnuplot not found: writing the CSV tables and text heat maps only (install gnuplot-nox for SVG/PNG)") }
        let values = !value.isEmpty ? value : [SweepDefinition.flsFormat, SweepDefinition.flsMixtureFormat].contains(file.definition.format)
            ? ["test_error", "effective_rank", "kernel_distance"] : ["train_loss", "test_excess_over_ols", "interpolated"]
        for name in values {
            let table = try PhaseTable(results: file, value: name, columns: columnAxis, rows: rowAxis, fixed: fixed)
            print(HeatMap(table: table, numbers: numbers).render())
            let stem = "\(base)-\(name)"
            try write(table.csv, to: stem + ".csv")
            let script = GnuplotScript(table: table)
            let dataFile = stem + ".dat", name = (stem as NSString).lastPathComponent
            try write(script.data, to: dataFile)
            let dataName = (dataFile as NSString).lastPathComponent
            let gp = script.image(dataFile: dataName, terminal: "svg", output: name + ".svg")
                + script.image(dataFile: dataName, terminal: "png", output: name + ".png")
            try write(gp, to: stem + ".gp")
            try write(script.textPlot(dataFile: dataName), to: stem + "-text.gp")
            var written = [stem + ".csv", stem + ".gp"]
            if let gnuplot {
                let directory = (stem as NSString).deletingLastPathComponent
                try gnuplot.run(script: stem + ".gp", in: directory)
                let text = try gnuplot.run(script: stem + "-text.gp", in: directory)
                try write(text, to: stem + "-text.txt")
                if textPlot { print(text) }
                written += [stem + ".svg", stem + ".png", stem + "-text.txt"]
            }
            print("wrote " + written.joined(separator: ", ") + "\n")
        }
    }

    private func write(_ text: String, to path: String) throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw InputError(field: "output file", value: path, reason: "cannot be written (\(error.localizedDescription))")
        }
    }
}

/// The gnuplot executable on PATH.
struct Gnuplot {
    let path: String

    static func find() -> Gnuplot? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/gnuplot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
            .map(Gnuplot.init(path:))
    }

    /// Runs a script in `directory`; returns what gnuplot printed on stdout.
    @discardableResult
    func run(script: String, in directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [(script as NSString).lastPathComponent]
        process.currentDirectoryURL = URL(fileURLWithPath: directory.isEmpty ? "." : directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw InputError(field: "gnuplot script", value: script, reason: "gnuplot failed: \(errors)")
        }
        return text
    }
}
