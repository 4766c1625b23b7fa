import Foundation
import SwiftCSV

/// A numeric CSV file with a header row: the format of data (`x1,...,xd,y`) and of networks
/// (`a,w1,...,wd`).
struct NumericCSV {
    let header: [String]
    let rows: [[Double]]

    /// Reads and validates `path`: every row as long as the header, every cell a finite number.
    init(path: String, role: String) throws {
        try self.init(text: Self.readText(path: path, role: role), path: path, role: role)
    }

    /// Parses and validates `text`, the contents of `path`.
    init(text: String, path: String, role: String) throws {
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

    /// The file's text. - Throws: naming the reason for a missing, unreadable, directory or
    /// binary (non-UTF-8 or NUL-holding) file.
    static func readText(path: String, role: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw InputError(field: role, value: path, reason: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        guard (info.st_mode & S_IFMT) != S_IFDIR else {
            throw InputError(field: role, value: path, reason: "is a directory, not a CSV file")
        }
        guard (info.st_mode & S_IFMT) != S_IFCHR, (info.st_mode & S_IFMT) != S_IFBLK else {
            throw InputError(field: role, value: path, reason: "is a device, not a CSV file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(field: role, value: path, reason: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        return try decode(data, path: path, role: role)
    }

    /// `data` as text. - Throws: for a binary file (a NUL byte, or not UTF-8).
    static func decode(_ data: Data, path: String, role: String) throws -> String {
        if let zero = data.firstIndex(of: 0) {
            throw InputError(field: role, value: path,
                             reason: "is a binary file (a zero byte at offset \(zero - data.startIndex)), not a CSV text file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(field: role, value: path, reason: "is not UTF-8 text (a binary file?), not a CSV text file")
        }
        return text
    }

    /// Throws unless `header` is `expected` (names compared without case): a file without a
    /// header, with columns in another order, or of the other kind is named as such.
    static func requireHeader(_ header: [String], _ expected: [String], path: String, role: String,
                              otherKind: (name: String, header: [String])) throws {
        guard header.map({ $0.lowercased() }) != expected else { return }
        let found = header.joined(separator: ",")
        let reason: String
        if header.allSatisfy({ Double($0) != nil }) {
            reason = "the first line '\(found)' holds numbers, not a header: the file must start with the header "
                + expected.joined(separator: ",")
        } else if header.map({ $0.lowercased() }) == otherKind.header {
            reason = "this looks like \(otherKind.name); expected the header \(expected.joined(separator: ","))"
        } else {
            reason = "the header must be \(expected.joined(separator: ",")) (columns are read by name); found '\(found)'"
        }
        throw InputError(field: role, value: path, reason: reason)
    }

    /// Writes a header and rows with 17 significant digits (round-trips every double).
    static func write(path: String, option: String, header: [String], rows: [[Double]]) throws {
        var text = header.joined(separator: ",") + "\n"
        for row in rows {
            text += row.map { String(format: "%.17g", $0) }.joined(separator: ",") + "\n"
        }
        try OutputFile.write(text, to: path, option: option)
    }
}

extension Dataset {
    /// Reads a data file with header `x1,...,xd,y`, one row per sample.
    public init(csvPath path: String) throws {
        try self.init(csv: NumericCSV(path: path, role: "dataset"), path: path)
    }

    /// The data set held in `csv`, read from `path`.
    init(csv: NumericCSV, path: String) throws {
        guard csv.header.count >= 2 else {
            throw InputError(field: "dataset", value: path, reason: "the header must be x1,...,xd,y (at least 2 columns)")
        }
        let d = csv.header.count - 1
        try NumericCSV.requireHeader(csv.header, (1...d).map { "x\($0)" } + ["y"], path: path, role: "dataset",
                                     otherKind: ("a network file (a,w1,...,wd)", ["a"] + (1...d).map { "w\($0)" }))
        try self.init(inputs: Matrix(rows: csv.rows.count, columns: d, storage: csv.rows.flatMap { $0.prefix(d) }),
                      labels: csv.rows.map { $0[d] })
    }

    /// Writes the data set as `x1,...,xd,y` (`OutputFile`: atomic for regular files); `option`
    /// names the path in errors.
    public func write(csvPath path: String, option: String = "output file") throws {
        try NumericCSV.write(path: path, option: option, header: (1...dimension).map { "x\($0)" } + ["y"],
                             rows: (0..<sampleCount).map { inputs.row($0) + [labels[$0]] })
    }
}

extension Network {
    /// Reads a network file with header `a,w1,...,wd`, one row per neuron.
    public init(csvPath path: String) throws {
        try self.init(csv: NumericCSV(path: path, role: "network"), path: path)
    }

    /// The network held in `csv`, read from `path`.
    init(csv: NumericCSV, path: String) throws {
        guard csv.header.count >= 2 else {
            throw InputError(field: "network", value: path, reason: "the header must be a,w1,...,wd (at least 2 columns)")
        }
        let d = csv.header.count - 1
        try NumericCSV.requireHeader(csv.header, ["a"] + (1...d).map { "w\($0)" }, path: path, role: "network",
                                     otherKind: ("a data file (x1,...,xd,y)", (1...d).map { "x\($0)" } + ["y"]))
        try self.init(outputWeights: csv.rows.map { $0[0] },
                      hiddenWeights: Matrix(rows: csv.rows.count, columns: d, storage: csv.rows.flatMap { $0.dropFirst() }))
    }

    /// Writes the network as `a,w1,...,wd` (the scale multiplied in), 17 significant digits;
    /// `option` names the path in errors.
    public func write(csvPath path: String, option: String = "output file") throws {
        let net = materialised()
        try NumericCSV.write(path: path, option: option, header: ["a"] + (1...dimension).map { "w\($0)" },
                             rows: (0..<width).map { [net.outputWeights[$0]] + net.hiddenWeights.row($0) })
    }
}
