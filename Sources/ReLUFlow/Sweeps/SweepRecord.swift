/// What a sweep records for one finished cell: its values as text, in the order of the columns
/// that the sweep's format names (`SweepDefinition.recordColumns`).
public protocol SweepRecord: Sendable {
    /// The values as text (no commas or newlines).
    var fields: [String] { get }
}

extension CellObservables: SweepRecord {}
