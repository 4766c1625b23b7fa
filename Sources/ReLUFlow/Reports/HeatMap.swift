import Foundation

/// A plain-text heat map of a `PhaseTable`: rows and columns labelled with the swept values,
/// each entry shaded by one of ten glyphs (` .:-=+*#%@`, low to high; `?` where no cell
/// finished) or printed as a number, and a legend giving the value range of each glyph. The
/// scale is logarithmic when every entry is > 0 and they span more than two decades.
public struct HeatMap: Sendable {
    public static let glyphs = Array(" .:-=+*#%@")

    public let table: PhaseTable
    /// Print each entry's value instead of a glyph.
    public var numbers: Bool

    public init(table: PhaseTable, numbers: Bool = false) {
        self.table = table
        self.numbers = numbers
    }

    /// Lower and upper end of the shading scale and whether it is logarithmic.
    public var scale: (low: Double, high: Double, logarithmic: Bool) {
        let values = table.entries.flatMap { $0.compactMap { $0 } }
        guard let low = values.min(), let high = values.max() else { return (0, 1, false) }
        let logarithmic = low > 0 && high / low > 100
        return (low, high, logarithmic)
    }

    /// The glyph level 0...9 of `x` on `scale`.
    public func level(_ x: Double) -> Int {
        let s = scale
        guard s.high > s.low else { return 0 }
        let position = s.logarithmic ? (log(x) - log(s.low)) / (log(s.high) - log(s.low)) : (x - s.low) / (s.high - s.low)
        return min(9, max(0, Int(position * 10)))
    }

    public func render() -> String {
        let t = table
        let rowTitle = t.rowAxis.map { "\($0) \\ \(t.columnAxis)" } ?? t.columnAxis
        let cellWidth = max(3, t.columnLabels.map(\.count).max() ?? 0, numbers ? 9 : 0)
        let labelWidth = max(rowTitle.count, t.rowLabels.map(\.count).max() ?? 0)
        func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
        var lines = ["\(t.value): mean over \(cellsPerEntry) per entry"]
        lines.append(pad(rowTitle, labelWidth) + " |" + t.columnLabels.map { " " + pad($0, cellWidth) }.joined())
        lines.append(String(repeating: "-", count: labelWidth) + "-+" + String(repeating: "-", count: (cellWidth + 1) * t.columnLabels.count))
        for (label, row) in zip(t.rowLabels, t.entries) {
            let cells = row.map { entry -> String in
                guard let x = entry else { return " " + pad("?", cellWidth) }
                if numbers { return " " + pad(String(format: "%.3g", x), cellWidth) }
                return " " + String(repeating: Self.glyphs[level(x)], count: cellWidth)
            }
            lines.append(pad(label, labelWidth) + " |" + cells.joined())
        }
        if !numbers { lines.append(legend) }
        return lines.joined(separator: "\n")
    }

    /// Each glyph with the range of values it stands for.
    public var legend: String {
        let s = scale
        func bound(_ k: Int) -> Double {
            let f = Double(k) / 10
            return s.logarithmic ? exp(log(s.low) + f * (log(s.high) - log(s.low))) : s.low + f * (s.high - s.low)
        }
        let items = (0..<10).map { k in "'\(Self.glyphs[k])' \(String(format: "%.3g", bound(k)))" }
        return "legend (\(s.logarithmic ? "log" : "linear") scale, glyph from its lower bound up to the next): "
            + items.joined(separator: "  ") + "  (max \(String(format: "%.3g", s.high)))"
    }

    private var cellsPerEntry: String {
        let counts = Set(table.counts.flatMap { $0 }.filter { $0 > 0 })
        if counts.count == 1 { return "\(counts.first!) cell\(counts.first! == 1 ? "" : "s")" }
        return "\(counts.min() ?? 0)-\(counts.max() ?? 0) cells"
    }
}
