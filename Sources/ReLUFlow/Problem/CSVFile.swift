import Foundation
import SwiftCSV

/// A numeric CSV file with a header row: the format of data (`x1,...,xd,y`) and of networks
/// (`a,w1,...,wd`).
struct NumericCSV {
    let header: [String]
    let rows: [[Double]]

    /// Reads and validates `path`: every row as long as the header, every cell a finite number.
    init(path: String, role: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError(field: role, value: path, reason: "cannot read the file")
        }
        let csv: CSV<Enumerated>
        do {
            csv = try CSV<Enumerated>(string: text, delimiter: .comma, loadColumns: false)
        } catch {
            throw InputError(field: role, value: path, reason: "not a CSV file (\(error))")
        }
        let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces) }
        guard !header.isEmpty, header != [""] else {
            throw InputError(field: role, value: path, reason: "the file is empty: expected a header row")
        }
        var parsed: [[Double]] = []
        for (r, row) in csv.rows.enumerated() {
            if row.count == 1, row[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard row.count == header.count else {
                throw InputError(field: "\(path) row \(r + 1)", value: "\(row.count) cells",
                                 reason: "the header has \(header.count) columns")
            }
            parsed.append(try row.enumerated().map { c, cell in
                let trimmed = cell.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else {
                    throw InputError(field: "\(path) row \(r + 1) column \(header[c])", value: "''",
                                     reason: "empty cell (is the row shorter than the header's \(header.count) columns?)")
                }
                guard let value = Double(trimmed) else {
                    throw InputError(field: "\(path) row \(r + 1) column \(header[c])", value: "'\(cell)'",
                                     reason: "not a number")
                }
                guard value.isFinite else {
                    throw InputError(field: "\(path) row \(r + 1) column \(header[c])", value: trimmed,
                                     reason: "must be finite")
                }
                return value
            })
        }
        guard !parsed.isEmpty else {
            throw InputError(field: role, value: path, reason: "no data rows after the header")
        }
        self.header = header
        rows = parsed
    }

    /// Writes a header and rows with 17 significant digits (round-trips every double).
    static func write(path: String, header: [String], rows: [[Double]]) throws {
        var text = header.joined(separator: ",") + "\n"
        for row in rows {
            text += row.map { String(format: "%.17g", $0) }.joined(separator: ",") + "\n"
        }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw InputError(field: "output file", value: path, reason: "cannot write (\(error.localizedDescription))")
        }
    }
}

extension Dataset {
    /// Reads a data file with header `x1,...,xd,y`, one row per sample.
    public init(csvPath path: String) throws {
        let csv = try NumericCSV(path: path, role: "dataset")
        guard csv.header.count >= 2 else {
            throw InputError(field: "dataset", value: path, reason: "the header must be x1,...,xd,y (at least 2 columns)")
        }
        let d = csv.header.count - 1
        try self.init(inputs: Matrix(rows: csv.rows.count, columns: d, storage: csv.rows.flatMap { $0.prefix(d) }),
                      labels: csv.rows.map { $0[d] })
    }

    /// Writes the data set as `x1,...,xd,y`.
    public func write(csvPath path: String) throws {
        try NumericCSV.write(path: path, header: (1...dimension).map { "x\($0)" } + ["y"],
                             rows: (0..<sampleCount).map { inputs.row($0) + [labels[$0]] })
    }
}

extension Network {
    /// Reads a network file with header `a,w1,...,wd`, one row per neuron.
    public init(csvPath path: String) throws {
        let csv = try NumericCSV(path: path, role: "network")
        guard csv.header.count >= 2 else {
            throw InputError(field: "network", value: path, reason: "the header must be a,w1,...,wd (at least 2 columns)")
        }
        let d = csv.header.count - 1
        try self.init(outputWeights: csv.rows.map { $0[0] },
                      hiddenWeights: Matrix(rows: csv.rows.count, columns: d, storage: csv.rows.flatMap { $0.dropFirst() }))
    }

    /// Writes the network as `a,w1,...,wd` (the scale multiplied in), 17 significant digits.
    public func write(csvPath path: String) throws {
        let net = materialised()
        try NumericCSV.write(path: path, header: ["a"] + (1...dimension).map { "w\($0)" },
                             rows: (0..<width).map { [net.outputWeights[$0]] + net.hiddenWeights.row($0) })
    }
}
