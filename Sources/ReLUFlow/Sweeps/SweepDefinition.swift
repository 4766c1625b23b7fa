import Foundation

/// What a sweep runs: the run options common to every cell, the swept axes and the number of
/// seeds. Its canonical text (one line of JSON, keys sorted) is recorded in the results file,
/// so that a file from a different sweep is recognised and refused.
public struct SweepDefinition: Sendable, Equatable, Codable {
    /// Version of the results format of `reluflow sweep` (columns and their meaning): 2 added
    /// the end time and whether a stopping rule ended the run.
    public static let format = "reluflow-sweep-2"
    /// The earlier format of `reluflow sweep` (files of it are still read).
    public static let formatWithoutStops = "reluflow-sweep-1"
    /// The format of `reluflow fls` results (`FLSCellMeasures`).
    public static let flsFormat = "reluflow-fls-1"
    /// The format of `reluflow fls` results on a Gaussian mixture (with the mixture's columns).
    public static let flsMixtureFormat = "reluflow-fls-mixture-1"

    /// The record columns of each known format.
    static let columnsByFormat: [String: [String]] = [
        format: CellObservables.columns,
        formatWithoutStops: CellObservables.columnsWithoutStops,
        flsFormat: FLSCellMeasures.columns,
        flsMixtureFormat: FLSCellMeasures.mixtureColumns,
    ]

    public let format: String
    /// Run options passed to every cell, as written (`--d 5 --noise 0.25`).
    public let arguments: [String]
    public let axes: [SweepAxis]
    /// Replicates per grid point: replicate r runs with seed (the run's --seed) + r.
    public let seeds: Int

    /// - Throws: when an axis is repeated, `seeds` < 1 or the format is unknown.
    public init(arguments: [String], axes: [SweepAxis], seeds: Int, format: String = Self.format) throws {
        guard Self.columnsByFormat[format] != nil else {
            throw InputError(field: "sweep format", value: format, reason: "unknown; known: \(Self.columnsByFormat.keys.sorted().joined(separator: ", "))")
        }
        try Self.validate(axes: axes, seeds: seeds)
        self.format = format
        self.arguments = arguments
        self.axes = axes
        self.seeds = seeds
    }

    /// The most cells a sweep may have (more could not be run, and their list would not fit in memory).
    public static let maxCells = 10_000_000

    /// Throws when an axis is repeated or empty, `seeds` < 1, or the cells exceed `maxCells`.
    static func validate(axes: [SweepAxis], seeds: Int) throws {
        try InputError.requirePositive(seeds, "seeds")
        var names = Set<String>()
        var count = seeds
        for axis in axes {
            guard names.insert(axis.name).inserted else {
                throw InputError(field: "axis \(axis.name)", value: axis.name, reason: "the parameter is swept twice")
            }
            guard !axis.values.isEmpty else {
                throw InputError(field: "axis \(axis.name)", value: "", reason: "the grid is empty")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: axis.values.count)
            count = overflow ? Int.max : product
        }
        guard count <= maxCells else {
            let sizes = axes.map { "\($0.values.count)" } + ["\(seeds) seeds"]
            throw InputError(field: "axis", value: sizes.joined(separator: " x "),
                             reason: "the sweep would have \(count == Int.max ? "more than 2^63" : "\(count)") cells; at most \(maxCells)")
        }
    }

    /// The number of cells: the product of the axes' sizes times the seeds.
    public var cellCount: Int { axes.reduce(seeds) { $0 * $1.values.count } }

    /// One line of JSON with sorted keys: equal definitions give equal text.
    public var canonicalText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    /// Parses `canonicalText`.
    public init(canonicalText: String) throws {
        do {
            self = try JSONDecoder().decode(SweepDefinition.self, from: Data(canonicalText.utf8))
        } catch {
            throw InputError(field: "sweep definition", value: canonicalText, reason: "not a sweep definition (\(error))")
        }
        guard Self.columnsByFormat[format] != nil else {
            throw InputError(field: "sweep definition", value: canonicalText, reason: "unknown results format \(format)")
        }
        try Self.validate(axes: axes, seeds: seeds)
    }

    /// The columns of one cell's record in this format.
    public var recordColumns: [String] { Self.columnsByFormat[format]! }

    /// Every cell: the grid's points in order (the first axis varies slowest), each with
    /// replicates 0..<seeds; `index` numbers them from 0.
    public var cells: [SweepCell] {
        var points: [[String]] = [[]]
        for axis in axes { points = points.flatMap { p in axis.values.map { p + [$0] } } }
        var result: [SweepCell] = []
        result.reserveCapacity(points.count * seeds)
        for point in points {
            for r in 0..<seeds { result.append(SweepCell(index: result.count, values: point, replicate: r)) }
        }
        return result
    }

    /// The command-line arguments of one cell: the common ones, then `--name value` per axis.
    public func arguments(for cell: SweepCell) -> [String] {
        arguments + zip(axes, cell.values).flatMap { ["--\($0.name)", $1] }
    }
}

/// One run of a sweep: a grid point and a replicate.
public struct SweepCell: Sendable, Equatable, Hashable {
    /// Position in `SweepDefinition.cells`.
    public let index: Int
    /// The value of each axis, in the definition's order.
    public let values: [String]
    /// Replicate number, 0..<seeds: the cell's seed is the run's --seed plus this.
    public let replicate: Int
}

/// A deterministic share of a sweep's cells: shard k of N (1 <= k <= N) holds the cells whose
/// index is k - 1 modulo N, so the N shards partition the cells.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let number: Int
    public let count: Int

    public static let whole = try! Shard(number: 1, count: 1)

    public init(number: Int, count: Int) throws {
        guard count >= 1, (1...count).contains(number) else {
            throw InputError(field: "shard", value: "\(number)/\(count)", reason: "expected k/N with 1 <= k <= N")
        }
        self.number = number
        self.count = count
    }

    /// Parses `k/N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw InputError(field: "shard", value: text, reason: "expected k/N, e.g. 2/8")
        }
        try self.init(number: k, count: n)
    }

    public func contains(_ cell: SweepCell) -> Bool { cell.index % count == number - 1 }

    public var description: String { "\(number)/\(count)" }
}
