import Foundation

extension TrajectoryPlot {
    /// The data file of a picture, one line per point: `t loss` for the loss; `t value rgb` per
    /// neuron for the others (rgb the neuron's colour), a blank line after each neuron and, for
    /// angles, where a direction crosses pi (so that gnuplot does not join across the cut).
    public func data(_ picture: Picture) -> String {
        var lines: [String] = []
        switch picture {
        case .loss:
            lines = drawnSamples.map { "\(Self.number(trace.times[$0])) \(Self.number(trace.losses[$0]))" }
        case .norms, .directions:
            for j in neurons {
                let colour = Self.colour(sign: trace.signs[j])
                var previous: Double?
                for k in drawnSamples {
                    let value = picture == .norms ? trace.logNorms[k][j] : directionValue(neuron: j, sample: k)
                    guard let value else { continue }
                    if directionMeasure == .planeAngle, picture == .directions, let previous, abs(value - previous) > Double.pi {
                        lines.append("")
                    }
                    lines.append("\(Self.number(trace.times[k])) \(Self.number(value)) \(colour)")
                    previous = value
                }
                lines.append("")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A script drawing `picture` from `dataFile` to `output` with `terminal` (svg or png).
    public func script(_ picture: Picture, dataFile: String, terminal: String, output: String) -> String {
        """
        # \(title(picture)): restyle and re-run with gnuplot.
        set terminal \(terminal) size 900,540 noenhanced
        set output '\(output)'
        \(settings(picture, text: false))
        plot \(curves(picture, dataFile: dataFile).joined(separator: ", \\\n     "))

        """
    }

    /// A script drawing `picture` as text (gnuplot's dumb terminal) on stdout, without a key (the
    /// terminal has no colours) and, for the neurons, only every `textStride`-th curve.
    public func textScript(_ picture: Picture, dataFile: String, width: Int = 100, height: Int = 30) -> String {
        """
        set terminal dumb size \(width),\(height) noenhanced
        \(settings(picture, text: true))
        unset key
        plot \(curves(picture, dataFile: dataFile, text: true).joined(separator: ", \\\n     "))

        """
    }

    /// In text plots, every how many drawn neurons one curve is drawn (about 10 curves).
    public var textStride: Int { max(1, neurons.count / 10) }

    /// The picture's title.
    func title(_ picture: Picture) -> String {
        let drawn = neurons.count == trace.width ? "the \(trace.width) neurons" : "\(neurons.count) of \(trace.width) neurons"
        switch picture {
        case .loss: return "loss against t"
        case .norms: return "log ||w_j|| of \(drawn) against t"
        case .directions:
            return directionMeasure == .planeAngle
                ? "direction angle atan2(u_2, u_1) of \(drawn) against t"
                : "cosine of u_j to the nearest extremal direction of G of its sign, \(drawn)"
        }
    }

    private func settings(_ picture: Picture, text: Bool) -> String {
        let subset = text && picture != .loss && textStride > 1 ? " (text: one curve in \(textStride))" : ""
        var lines = ["set title '\(title(picture))\(subset)'", "set xlabel 't'", "set logscale x", "set format x '%g'"]
        if !text { lines += ["set key below", "set grid"] }
        switch picture {
        case .loss:
            let losses = drawnSamples.map { trace.losses[$0] }
            let positive = losses.allSatisfy { $0 > 0 }
            lines += ["set ylabel 'loss'", positive && (losses.max() ?? 0) >= 100 * (losses.min() ?? 0)
                ? "set logscale y\nset format y '%.0e'" : "unset logscale y"]
        case .norms:
            lines.append("set ylabel 'log ||w_j||'")
        case .directions:
            lines += directionSettings(text: text)
        }
        return lines.joined(separator: "\n")
    }

    private func directionSettings(text: Bool) -> [String] {
        var lines: [String]
        let axis: (ExtremalDirection) -> Double
        if directionMeasure == .planeAngle {
            lines = ["set ylabel 'angle of u_j (rad)'", "set yrange [-pi:pi]",
                     "set ytics ('-pi' -pi, '-pi/2' -pi/2, '0' 0, 'pi/2' pi/2, 'pi' pi)"]
            axis = { e in Self.planeAngle([e.direction[0], e.direction[1]]) }
            if !text {
                lines += inactiveArcs.enumerated().map { k, arc in
                    "set object \(k + 1) rect from graph 0, first \(Self.number(arc.lowerBound)) to graph 1, first "
                        + "\(Self.number(arc.upperBound)) behind fillcolor rgb '#e4e4e4' fillstyle solid noborder"
                }
            }
        } else {
            lines = ["set ylabel 'cosine to the nearest extremal direction'", "set yrange [-1.05:1.05]"]
            axis = { _ in 1 }
        }
        for (k, e) in extremal.enumerated() {
            let y = Self.number(axis(e)), kind = e.sign > 0 ? "max" : "min"
            lines.append("set arrow \(k + 1) from graph 0, first \(y) to graph 1, first \(y) nohead front "
                         + "linecolor rgb '#202020' dashtype 2 linewidth 1.5")
            if directionMeasure == .planeAngle {
                lines.append("set label \(k + 1) '\(kind) of G = \(formatNumber(e.value, digits: 5))' at graph 0.98, first \(y) "
                             + "right offset 0,0.7 front")
            }
        }
        return lines
    }

    private func curves(_ picture: Picture, dataFile: String, text: Bool = false) -> [String] {
        if picture == .loss { return ["'\(dataFile)' using 1:2 with linespoints pointtype 7 pointsize 0.5 linecolor rgb '#000000' notitle"] }
        if text { return ["'\(dataFile)' every :\(textStride) using 1:2 with lines notitle"] }
        var curves = ["'\(dataFile)' using 1:2:3 with lines linecolor rgb variable notitle"]
        for s in [1.0, -1.0] where neurons.contains(where: { trace.signs[$0] == s }) {
            curves.append("NaN with lines linewidth 2 linecolor rgb '\(String(format: "#%06X", Self.colour(sign: s)))' "
                          + "title '\(s > 0 ? "a_j > 0" : "a_j < 0")'")
        }
        if picture == .directions, !extremal.isEmpty {
            curves.append("NaN with lines dashtype 2 linewidth 1.5 linecolor rgb '#202020' title 'extremal directions of G'")
        }
        if picture == .directions, !inactiveArcs.isEmpty {
            curves.append("NaN with boxes fillstyle solid fillcolor rgb '#e4e4e4' title 'no input active'")
        }
        return curves
    }
}
