import ArgumentParser
import Foundation
import ReLUFlow

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Pictures of a trajectory: loss, log-norms and directions of the neurons against t.",
        usage: "reluflow plot <trace> [--out <prefix>] [--data <file> [--bias]] [<options>]",
        discussion: """
        Reads a trace written by `reluflow run --trace` and writes, with gnuplot, three \
        pictures (SVG, PNG and a text plot) on a logarithmic time axis: <prefix>-loss, \
        <prefix>-norms (log ||w_j||, coloured by the sign of a_j) and <prefix>-directions. Next \
        to each picture it writes the .dat and .gp files to restyle it.

        The directions need a trace written with --trace-directions. In the plane (d = 2, e.g. \
        d = 1 with --bias) a direction is drawn as its angle; otherwise as its cosine to the \
        nearest extremal direction of G of the neuron's sign, which needs --data. With --data, \
        the extremal directions of G are marked and, in the plane, the arcs where no input is \
        active are shaded.

        Examples:
          reluflow run --data D.csv --bias --trace T.csv --trace-directions
          reluflow plot T.csv --data D.csv --bias --out figures/T
        """)

    @Argument(help: "A trace written by `reluflow run --trace` (with --trace-directions for directions).")
    var trace: String

    @Option(help: ArgumentHelp("Prefix of the files written (default: the trace without .csv).", valueName: "prefix"))
    var out: String?

    @Option(help: ArgumentHelp("The run's data file, x1,...,xd,y (for generated data: `run --save-data`).",
                               valueName: "file"))
    var data: String?

    @Flag(help: "The run appended a constant input 1 (--bias).")
    var bias = false

    @Option(help: ArgumentHelp("Random starts of the search for the extremal directions of G (as `align`).",
                               valueName: "n"))
    var starts: Int = 200

    @Option(help: ArgumentHelp("Seed of that search.", valueName: "n"))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Neurons drawn at most (evenly spaced indices).", valueName: "n"))
    var neurons: Int = 100

    @Flag(help: "Also print gnuplot's text plots.")
    var textPlot = false

    func run() throws {
        guard starts > 0 else { throw InputError(field: "--starts", value: "\(starts)", reason: "must be > 0") }
        guard neurons > 0 else { throw InputError(field: "--neurons", value: "\(neurons)", reason: "must be > 0") }
        let trajectory = try TrajectoryTrace(csvPath: trace)
        var objective: EarlyPhaseObjective?
        if let data {
            let dataset = try Dataset(csvPath: data)
            objective = EarlyPhaseObjective(data: bias ? dataset.appendingBiasInput() : dataset)
        }
        let extremal = objective?.extremalDirections(starts: starts, seed: seed) ?? []
        let plot = try TrajectoryPlot(trace: trajectory, objective: objective, extremal: extremal, neuronLimit: neurons)
        if plot.directionMeasure == nil {
            print(trajectory.directions == nil
                  ? "the trace has no directions (run with --trace-directions): drawing loss and norms only"
                  : "d = \(trajectory.dimension ?? 0) needs --data for the cosines to the extremal directions: "
                    + "drawing loss and norms only")
        }
        let base = out ?? (trace.hasSuffix(".csv") ? String(trace.dropLast(4)) : trace)
        let gnuplot = Gnuplot.find()
        if gnuplot == nil { print("gnuplot not found: writing the data and scripts only (install gnuplot-nox)") }
        let stems = plot.pictures.map { (picture: $0, stem: base + "-" + $0.rawValue) }
        for (_, stem) in stems {
            for suffix in [".dat", ".gp", "-text.gp", ".svg", ".png", "-text.txt"] { try refuseInput(stem + suffix) }
        }
        for (picture, stem) in stems {
            try draw(picture, of: plot, stem: stem, gnuplot: gnuplot)
        }
    }

    private func draw(_ picture: TrajectoryPlot.Picture, of plot: TrajectoryPlot, stem: String, gnuplot: Gnuplot?) throws {
        let directory = (stem as NSString).deletingLastPathComponent, name = (stem as NSString).lastPathComponent
        let dataName = name + ".dat"
        try write(plot.data(picture), to: stem + ".dat")
        try write(plot.script(picture, dataFile: dataName, terminal: "svg", output: name + ".svg")
                  + plot.script(picture, dataFile: dataName, terminal: "png", output: name + ".png"), to: stem + ".gp")
        try write(plot.textScript(picture, dataFile: dataName), to: stem + "-text.gp")
        var written = [stem + ".dat", stem + ".gp", stem + "-text.gp"]
        if let gnuplot {
            try gnuplot.run(script: stem + ".gp", in: directory)
            var text = try gnuplot.run(script: stem + "-text.gp", in: directory)
            if text.hasPrefix("\u{0C}") { text.removeFirst() }  // the dumb terminal's form feed
            try write(text, to: stem + "-text.txt")
            if textPlot { print(text) }
            written += [stem + ".svg", stem + ".png", stem + "-text.txt"]
        }
        print("wrote " + written.joined(separator: ", "))
    }

    /// Refuses an output path that is the trace or the data file.
    private func refuseInput(_ path: String) throws {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        for input in [trace] + (data.map { [$0] } ?? [])
        where URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath().path == target {
            throw InputError(field: "--out", value: out ?? path, reason: "would overwrite the input file \(input)")
        }
    }

    private func write(_ text: String, to path: String) throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw InputError(field: "output file", value: path, reason: "cannot be written (\(error.localizedDescription))")
        }
    }
}
