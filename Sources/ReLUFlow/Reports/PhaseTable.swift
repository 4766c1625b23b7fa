import Foundation

/// One observable of a sweep on a grid of two swept parameters: rows are the values of `rowAxis`
/// (one row if there is none), columns those of `columnAxis`, each entry the mean over the
/// replicates (and any axis fixed by `fixed`) of the finished cells there; nil where none
/// finished or the observable is not a finite number.
public struct PhaseTable: Sendable, Equatable {
    public let value: String
    public let columnAxis: String
    public let columnLabels: [String]
    public let rowAxis: String?
    public let rowLabels: [String]
    /// entries[row][column].
    public let entries: [[Double?]]
    /// Cells averaged per entry.
    public let counts: [[Int]]

    public init(value: String, columnAxis: String, columnLabels: [String], rowAxis: String?, rowLabels: [String],
                entries: [[Double?]], counts: [[Int]]) {
        self.value = value
        self.columnAxis = columnAxis
        self.columnLabels = columnLabels
        self.rowAxis = rowAxis
        self.rowLabels = rowLabels
        self.entries = entries
        self.counts = counts
    }

    /// Builds the table of `value` from a results file.
    /// - Parameters:
    ///   - fixed: a value for every swept axis other than the two shown (`lambda` -> `1e-06`).
    /// - Throws: `InputError` for unknown axes or columns, or an axis neither shown nor fixed.
    public init(results: ResultsFile, value: String, columns: String, rows: String?, fixed: [String: String] = [:]) throws {
        let axes = results.definition.axes
        func axis(_ name: String) throws -> Int {
            guard let k = axes.firstIndex(where: { $0.name == name }) else {
                throw InputError(field: "swept parameter", value: name,
                                 reason: "not swept; swept: \(axes.map(\.name).joined(separator: ", "))")
            }
            return k
        }
        let c = try axis(columns)
        let r = try rows.map(axis)
        guard r != c else { throw InputError(field: "rows", value: rows!, reason: "is also the column axis") }
        for (name, v) in fixed {
            let k = try axis(name)
            guard axes[k].values.contains(v) else {
                throw InputError(field: "fixed \(name)", value: v, reason: "not a swept value; values: \(axes[k].values.joined(separator: ", "))")
            }
        }
        for (k, a) in axes.enumerated() where k != c && k != r && fixed[a.name] == nil && a.values.count > 1 {
            throw InputError(field: "swept parameter", value: a.name,
                             reason: "is swept but neither shown nor fixed: show it along the rows or fix it to one of its values")
        }
        let column = try results.column(value)
        let columnLabels = axes[c].values
        let rowLabels = r.map { axes[$0].values } ?? [""]
        var sums = [[Double]](repeating: [Double](repeating: 0, count: columnLabels.count), count: rowLabels.count)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: columnLabels.count), count: rowLabels.count)
        for cell in results.definition.cells {
            guard let text = column[cell.index], let x = Double(text), x.isFinite else { continue }
            if fixed.contains(where: { name, v in cell.values[axes.firstIndex { $0.name == name }!] != v }) { continue }
            let i = r.map { rowLabels.firstIndex(of: cell.values[$0])! } ?? 0
            let j = columnLabels.firstIndex(of: cell.values[c])!
            sums[i][j] += x
            counts[i][j] += 1
        }
        let entries = zip(sums, counts).map { s, n in zip(s, n).map { $1 > 0 ? $0 / Double($1) : nil } }
        self.init(value: value, columnAxis: axes[c].name, columnLabels: columnLabels, rowAxis: r.map { axes[$0].name },
                  rowLabels: rowLabels, entries: entries, counts: counts)
    }

    /// CSV: a header `<rows>\<columns>,<column values...>`, then one line per row value.
    public var csv: String {
        let corner = (rowAxis ?? "") + "\\" + columnAxis
        let lines = [([corner] + columnLabels).joined(separator: ",")] + zip(rowLabels, entries).map { label, row in
            ([label] + row.map { $0.map { String(format: "%.10g", $0) } ?? "" }).joined(separator: ",")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
