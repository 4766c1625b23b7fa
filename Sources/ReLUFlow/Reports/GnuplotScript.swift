import Foundation

/// gnuplot scripts for a `PhaseTable`: an image (heat map) of the table for SVG and PNG, and a
/// text plot (`set terminal dumb`) of the observable against the column values, one curve per
/// row. Grid positions are the index of each swept value, with the values as tic labels, so
/// log-spaced and listed values both plot as even cells. The data file holds one line
/// `column-index row-index value` per entry (NaN where none finished), rows separated by two blank
/// lines (gnuplot's `index`).
public struct GnuplotScript: Sendable {
    public let table: PhaseTable

    public init(table: PhaseTable) { self.table = table }

    /// The data file's contents.
    public var data: String {
        var lines: [String] = []
        for (i, row) in table.entries.enumerated() {
            for (j, entry) in row.enumerated() {
                lines.append("\(j) \(i) " + (entry.map { String(format: "%.10g", $0) } ?? "NaN"))
            }
            lines += ["", ""]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func tics(_ labels: [String]) -> String {
        "(" + labels.enumerated().map { "\"\($1)\" \($0)" }.joined(separator: ", ") + ")"
    }

    /// A script drawing the heat map of `dataFile` to `output` with `terminal` (svg or png).
    public func image(dataFile: String, terminal: String, output: String) -> String {
        let logScale = HeatMap(table: table).scale.logarithmic
        return """
        # Heat map of \(table.value) over \(table.columnAxis)\(table.rowAxis.map { " and \($0)" } ?? ""): restyle and re-run with gnuplot.
        set terminal \(terminal) size 800,600 noenhanced
        set output '\(output)'
        set title '\(table.value)'
        set xlabel '\(table.columnAxis)'
        set ylabel '\(table.rowAxis ?? "")'
        set xtics \(tics(table.columnLabels))
        set ytics \(tics(table.rowLabels))
        set xrange [-0.5:\(Double(table.columnLabels.count) - 0.5)]
        set yrange [-0.5:\(Double(table.rowLabels.count) - 0.5)]
        \(logScale ? "set logscale cb\nset format cb '%.0e'" : "unset logscale cb")
        set palette rgbformulae 33,13,10
        plot '\(dataFile)' using 1:2:3 with image notitle

        """
    }

    /// A script drawing the observable against the column values, one curve per row value, as text.
    public func textPlot(dataFile: String, width: Int = 100, height: Int = 30) -> String {
        let logScale = HeatMap(table: table).scale.logarithmic
        let curves = table.rowLabels.enumerated().map { i, label in
            "'\(dataFile)' index \(i) using 1:3 with linespoints title '\(table.rowAxis.map { "\($0)=\(label)" } ?? table.value)'"
        }
        return """
        set terminal dumb size \(width),\(height) noenhanced
        set title '\(table.value) against \(table.columnAxis)'
        set xtics \(tics(table.columnLabels))
        set xrange [-0.5:\(Double(table.columnLabels.count) - 0.5)]
        \(logScale ? "set logscale y" : "unset logscale y")
        plot \(curves.joined(separator: ", \\\n     "))

        """
    }
}
