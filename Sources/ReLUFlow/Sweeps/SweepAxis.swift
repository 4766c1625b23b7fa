import Foundation

/// One swept parameter: a run option's name and the values it takes, as the text passed to
/// `--name value`.
///
/// Grammar of `name=spec`:
/// - a list `v1,v2,...` (any text, e.g. `rk8pd,rkf45` or `1e-2,1e-6`);
/// - an integer range `a..b` (every integer from a to b, step 1);
/// - `a..b:k` or `a..b:lin:k`: k linearly spaced values from a to b (both ends included);
/// - `a..b:log:k`: k logarithmically spaced values (a, b > 0).
/// When both ends of a range are written as integers the values are rounded to integers and
/// repeats dropped (so `n=10..2000:log:12` gives sample counts).
public struct SweepAxis: Sendable, Equatable, Codable {
    public let name: String
    public let values: [String]
    /// The most values one axis may take.
    public static let maxValues = 1_000_000

    public init(name: String, values: [String]) throws {
        guard !values.isEmpty else {
            throw InputError(field: "axis \(name)", value: "", reason: "the grid is empty")
        }
        self.name = name
        self.values = values
    }

    /// Parses `name=spec` (see the type's grammar).
    /// - Throws: `InputError` naming the axis and the faulty part.
    public init(parsing text: String) throws {
        guard let eq = text.firstIndex(of: "=") else {
            throw InputError(field: "axis", value: text, reason: "expected name=values, e.g. n=10..2000:log:12 or lambda=1e-2,1e-6")
        }
        let name = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        let spec = String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw InputError(field: "axis", value: text, reason: "the parameter name must be a run option's name without the dashes, e.g. n, lambda, log-lambda")
        }
        let field = "axis \(name)"
        guard !spec.isEmpty else { throw InputError(field: field, value: spec, reason: "the grid is empty") }
        if spec.contains("..") {
            try self.init(name: name, values: Self.range(spec, field: field))
        } else {
            let items = spec.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if items.contains(where: \.isEmpty) {
                throw InputError(field: field, value: spec, reason: "empty item in the list")
            }
            if Set(items).count != items.count {
                throw InputError(field: field, value: spec, reason: "a value is listed twice")
            }
            try self.init(name: name, values: items)
        }
    }

    private static func range(_ spec: String, field: String) throws -> [String] {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let ends = parts[0].components(separatedBy: "..")
        guard ends.count == 2, let a = Double(ends[0]), let b = Double(ends[1]), a.isFinite, b.isFinite else {
            throw InputError(field: field, value: spec, reason: "a range is a..b with numbers a and b (then optionally :k, :lin:k or :log:k)")
        }
        let integral = [ends[0], ends[1]].allSatisfy { Int($0) != nil }
        let mode: String, countText: String?
        switch parts.count {
        case 1: (mode, countText) = ("step", nil)
        case 2: (mode, countText) = ("lin", parts[1])
        case 3: (mode, countText) = (parts[1], parts[2])
        default:
            throw InputError(field: field, value: spec, reason: "too many ':' (a..b, a..b:k, a..b:lin:k or a..b:log:k)")
        }
        var values: [Double]
        switch mode {
        case "step":
            guard integral else {
                throw InputError(field: field, value: spec, reason: "a range without a count needs integer ends; give a..b:k or a..b:log:k")
            }
            let (lo, hi) = (Int(ends[0])!, Int(ends[1])!)
            guard lo <= hi else { throw InputError(field: field, value: spec, reason: "empty range: \(lo) > \(hi)") }
            let (span, overflow) = hi.subtractingReportingOverflow(lo)
            guard !overflow, span < Self.maxValues else {
                throw InputError(field: field, value: spec, reason: "more than \(Self.maxValues) values")
            }
            return (lo...hi).map(String.init)
        case "lin", "log":
            guard let text = countText, let k = Int(text), k >= 1 else {
                throw InputError(field: field, value: spec, reason: "the count after ':' must be a whole number >= 1")
            }
            guard k <= Self.maxValues else {
                throw InputError(field: field, value: spec, reason: "the count must be at most \(Self.maxValues)")
            }
            guard k > 1 || a == b else {
                throw InputError(field: field, value: spec, reason: "one point cannot span \(ends[0])..\(ends[1]); give a count >= 2")
            }
            if mode == "log" {
                guard a > 0, b > 0 else {
                    throw InputError(field: field, value: spec, reason: "a log range needs ends > 0")
                }
                values = (0..<k).map { i in k == 1 ? a : exp(log(a) + (log(b) - log(a)) * Double(i) / Double(k - 1)) }
            } else {
                values = (0..<k).map { i in k == 1 ? a : a + (b - a) * Double(i) / Double(k - 1) }
            }
        default:
            throw InputError(field: field, value: spec, reason: "unknown spacing '\(mode)'; use lin or log")
        }
        if integral {
            guard values.allSatisfy({ abs($0) < 9e18 }) else {
                throw InputError(field: field, value: spec, reason: "integer values must be below 9e18 in magnitude")
            }
            var seen = Set<Int>()
            return values.map { Int($0.rounded()) }.filter { seen.insert($0).inserted }.map(String.init)
        }
        return values.map(Self.format)
    }

    /// The shortest text that reads back as the same double, after rounding to 12 significant
    /// digits (so that 10^(-6) from a log range prints as 1e-06, not 9.999999999999999e-07).
    static func format(_ x: Double) -> String {
        let rounded = Double(String(format: "%.12g", x))!
        return "\(rounded)"
    }
}
