/// An input that ReLUFlow refuses, with the field and the value that caused it.
public struct InputError: Error, CustomStringConvertible, Equatable {
    /// The parameter, CSV cell or item at fault (`endTime`, `axis n`, `data.csv row 3 column x2`, ...):
    /// the library's names, which a command line maps to its flags.
    public let field: String
    /// The offending value as the user wrote it (or as computed).
    public let value: String
    /// What is wrong and what is expected.
    public let reason: String

    public init(field: String, value: String, reason: String) {
        self.field = field
        self.value = value
        self.reason = reason
    }

    public var description: String { "\(field) = \(value): \(reason)" }
}

extension InputError {
    /// Throws unless `value` is finite and strictly positive.
    static func requirePositive(_ value: Double, _ field: String) throws {
        guard value.isFinite, value > 0 else {
            throw InputError(field: field, value: "\(value)", reason: "must be a finite number > 0")
        }
    }

    /// Throws unless `value` is a strictly positive count.
    static func requirePositive(_ value: Int, _ field: String) throws {
        guard value > 0 else {
            throw InputError(field: field, value: "\(value)", reason: "must be a whole number > 0")
        }
    }

    /// Throws unless `value` is finite.
    static func requireFinite(_ value: Double, _ field: String) throws {
        guard value.isFinite else {
            throw InputError(field: field, value: "\(value)", reason: "must be a finite number")
        }
    }
}
