import Foundation

/// The FLS experiment as a sweep: one cell per (value of an optional second parameter, init
/// scale s, seed), each written to a results file as it finishes (format `reluflow-fls-1`, so a
/// re-run resumes and `reluflow phase` draws it), and the per-scale rows read back from the file.
/// With a second parameter (n, flip, ...) the rows form the phase diagram over (FLS, parameter).
public struct FLSSweep: Sendable {
    /// The experiment's fixed settings (its `scales` and `seeds` span the grid).
    public let base: FLSExperiment
    /// The second swept parameter, if any.
    public let over: SweepAxis?
    public let definition: SweepDefinition

    /// - Throws: `InputError` for an unknown parameter or a bad value of it, or when the
    ///   parameter is `s`.
    public init(base: FLSExperiment, over: SweepAxis? = nil) throws {
        self.base = base
        self.over = over
        try base.validate()
        if let over {
            for value in over.values {
                var e = base
                try e.set(over.name, to: value)
                try e.validate()
            }
        }
        let arguments = base.settings.filter { $0.name != over?.name }.flatMap { ["--\($0.name)", $0.value] }
        let scales = try SweepAxis(name: "s", values: base.scales.map { "\($0)" })
        definition = try SweepDefinition(arguments: arguments, axes: (over.map { [$0] } ?? []) + [scales],
                                         seeds: base.seeds,
                                         format: base.mixture == nil ? SweepDefinition.flsFormat : SweepDefinition.flsMixtureFormat)
    }

    /// The run of a cell: seed = replicate + 1 (data and init).
    public func evaluate(_ cell: SweepCell) throws -> FLSCellMeasures {
        var e = base
        if let over { try e.set(over.name, to: cell.values[0]) }
        guard let scale = Double(cell.values.last!) else {
            throw InputError(field: "s", value: cell.values.last!, reason: "not a number")
        }
        return try e.cell(scale: scale, seed: UInt64(cell.replicate + 1))
    }

    /// Per value of the second parameter (one entry labelled "" without one), the rows of the
    /// scales with finished cells in `file`.
    /// - Throws: `InputError` when the file records another sweep or a row does not parse.
    public func rows(from file: ResultsFile) throws -> [(label: String, rows: [FLSExperiment.Row])] {
        guard file.definition == definition else {
            throw InputError(field: "results file", value: file.definition.canonicalText, reason: "records another sweep")
        }
        let first = 1 + definition.axes.count + 1
        var measures: [Int: FLSCellMeasures] = [:]
        for (index, row) in file.rows { measures[index] = try FLSCellMeasures(fields: Array(row[first...])) }
        let cells = definition.cells
        return (over?.values ?? [""]).map { label in
            let rows = base.scales.compactMap { scale -> FLSExperiment.Row? in
                let finished = cells.filter { cell in
                    cell.values.last! == "\(scale)" && (over == nil || cell.values[0] == label) && measures[cell.index] != nil
                }
                return finished.isEmpty ? nil
                    : FLSExperiment.Row(scale: scale, cells: finished.map { measures[$0.index]! },
                                        seeds: finished.map { UInt64($0.replicate + 1) })
            }
            return (label, rows)
        }
    }
}

extension FLSExperiment {
    /// The settings that determine the numbers, as option names and values.
    /// On a mixture, the teacher and its kappa and sigma replace teacher-neurons and flip.
    var settings: [(name: String, value: String)] {
        let task = mixture.map { [("teacher", "mixture"), ("kappa", "\($0.kappa)"), ("sigma", "\($0.sigma)")] }
            ?? [("teacher-neurons", "\(teacherNeurons)"), ("flip", "\(flip)")]
        return [("n", "\(n)"), ("n-test", "\(nTest)"), ("d", "\(d)"), ("m", "\(m)")] + task
            + [("eps", "\(eps)"), ("rtol", "\(relativeTolerance)"), ("time", "\(endTime)"),
               ("max-steps", "\(maxSteps)"), ("stop", stops ? "risk" : "none")]
    }
}
