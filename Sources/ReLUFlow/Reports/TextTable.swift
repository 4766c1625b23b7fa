/// A plain-text table: a header row, a rule, and right-aligned columns.
public struct TextTable: Sendable {
    public let header: [String]
    public private(set) var rows: [[String]] = []

    public init(header: [String]) { self.header = header }

    public mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "table row has \(row.count) cells, header \(header.count)")
        rows.append(row)
    }

    /// The table as lines of text.
    public func render() -> String {
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in String(repeating: " ", count: widths[c] - cell.count) + cell }
                .joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}

/// A number for tables: `digits` significant digits (%g).
public func formatNumber(_ x: Double, digits: Int = 6) -> String {
    String(format: "%.\(digits)g", x)
}

import Foundation
