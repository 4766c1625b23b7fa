import Foundation

/// Plain-text and trace output of an `AlignmentObservation`.
public enum AlignmentReport {
    /// Columns for the sample table: neurons aligned (of those with an active input and an
    /// extremal point of their sign), the largest angle among those, and the clusters holding
    /// >= 1% of the weight.
    public static func columns(_ observation: AlignmentObservation, solution: Solution) -> [RunReport.Column] {
        let signs = solution.samples[0].outputWeights.map { $0.sign == .minus ? -1.0 : 1.0 }
        let living = observation.angles.map { $0.compactMap { $0 } }
        return [
            ("aligned", living.map { "\($0.filter { $0 <= observation.threshold }.count)/\($0.count)" }),
            ("max angle", living.map { $0.max().map { formatNumber($0, digits: 3) } ?? "-" }),
            ("clusters", solution.samples.map { "\(DirectionClusters(sample: $0, signs: signs).significant().count)" }),
        ]
    }

    /// Trace columns: the angle of each neuron to its nearest extremal point (-1 when it has no
    /// active input or its sign has no extremal point).
    public static func traceColumns(_ observation: AlignmentObservation) -> [(header: String, values: [Double])] {
        guard let width = observation.angles.first?.count else { return [] }
        return (0..<width).map { j in ("angle\(j + 1)", observation.angles.map { $0[j] ?? -1 }) }
    }

    /// The extremal directions: sign, G, basin share and the direction.
    public static func extremalTable(_ extremal: [ExtremalDirection]) -> String {
        var table = TextTable(header: ["kind", "G", "basin share", "direction"])
        for e in extremal {
            table.append([e.isInactive ? "inactive region" : (e.sign > 0 ? "max (ascent)" : "min (descent)"),
                          formatNumber(e.value, digits: 8), formatNumber(e.basinShare, digits: 3),
                          e.isInactive ? "(no input active)" : "(" + e.direction.map { formatNumber($0, digits: 5) }
                            .joined(separator: ", ") + ")"])
        }
        return table.render()
    }

    /// Escape time, alignment times and clusters at the end of the phase and of the run.
    public static func summary(_ observation: AlignmentObservation) -> String {
        var lines = ["Extremal directions of G(u) = (1/n) sum_i y_i relu(<u, x_i>):", extremalTable(observation.extremal)]
        lines.append("escape time (loss down 1% of L(0)): "
                     + (observation.escapeTime.map { formatNumber($0) } ?? "not reached"))
        let times = observation.alignmentTimes.compactMap { $0 }.sorted()
        lines.append("aligned within \(formatNumber(observation.threshold)) rad before the escape: "
                     + "\(times.count)/\(observation.alignmentTimes.count) neurons"
                     + (times.isEmpty ? "" : "; alignment time median \(formatNumber(times[times.count / 2])), "
                        + "max \(formatNumber(times.last!))"))
        for (title, clusters) in [("end of the early phase (t = \(formatNumber(observation.phaseEndTime)))",
                                   observation.phaseEndClusters),
                                  ("end of the run", observation.finalClusters)] {
            lines.append("Direction clusters at the \(title)")
            lines.append("  (weight |a_j| ||w_j||, radius 0.05 rad):")
            var table = TextTable(header: ["sign", "neurons", "weight share", "nearest extremal (angle)", "centre"])
            for c in clusters.significant() {
                let nearest = observation.extremal.filter { $0.sign == c.sign && !$0.isInactive }
                    .map { (g: $0.value, angle: angle(between: $0.direction, c.centre)) }.min { $0.angle < $1.angle }
                table.append([c.sign > 0 ? "+" : "-", "\(c.members.count)", formatNumber(c.share, digits: 4),
                              nearest.map { "G=\(formatNumber($0.g, digits: 5)) (\(formatNumber($0.angle, digits: 2)))" } ?? "-",
                              "(" + c.centre.map { formatNumber($0, digits: 4) }.joined(separator: ", ") + ")"])
            }
            lines.append(table.render())
        }
        return lines.joined(separator: "\n")
    }
}
