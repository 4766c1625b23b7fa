import Foundation

/// A trajectory read back from a trace (`RunReport.writeTrace`): per sample the time and the
/// loss, and per neuron a_j, log ||w_j|| and, when the trace holds them, the directions u_j.
public struct TrajectoryTrace: Sendable {
    /// Sample times, increasing.
    public let times: [Double]
    /// The loss at each sample.
    public let losses: [Double]
    /// Per neuron: +1 or -1, the sign of a_j at the first sample (a_j = -0 after underflow counts
    /// as negative). The flow keeps it.
    public let signs: [Double]
    /// Per sample, per neuron: log ||w_j||.
    public let logNorms: [[Double]]
    /// Per sample, the m x d matrix of directions u_j = w_j / ||w_j||; nil when the trace was
    /// written without them.
    public let directions: [Matrix]?

    /// Validates the shapes: at least one sample, one loss per time, m log-norms and m x d
    /// directions per sample.
    public init(times: [Double], losses: [Double], signs: [Double], logNorms: [[Double]], directions: [Matrix]?) throws {
        guard !times.isEmpty else { throw InputError(field: "trace", value: "0 samples", reason: "needs at least one sample") }
        guard losses.count == times.count, logNorms.count == times.count, directions.map({ $0.count == times.count }) ?? true else {
            throw InputError(field: "trace", value: "\(times.count) times",
                             reason: "losses, log-norms and directions need one entry per time")
        }
        guard !signs.isEmpty, logNorms.allSatisfy({ $0.count == signs.count }),
              directions?.allSatisfy({ $0.rows == signs.count && $0.columns == directions![0].columns }) ?? true else {
            throw InputError(field: "trace", value: "\(signs.count) neurons",
                             reason: "every sample needs one log-norm and one direction per neuron")
        }
        for k in times.indices.dropFirst() where !(times[k] > times[k - 1]) {
            throw InputError(field: "trace t at sample \(k + 1)", value: "\(times[k])", reason: "times must increase")
        }
        self.times = times
        self.losses = losses
        self.signs = signs
        self.logNorms = logNorms
        self.directions = directions
    }

    /// Reads a trace CSV: columns t, loss, a1..am, log_norm1..log_normm and, if present,
    /// u1_1..um_d; other columns are ignored.
    public init(csvPath path: String) throws {
        let csv = try NumericCSV(path: path, role: "trace")
        func column(_ name: String) throws -> Int {
            guard let c = csv.header.firstIndex(of: name) else {
                throw InputError(field: "trace", value: path,
                                 reason: "no column '\(name)' (expected a trace written by `reluflow run --trace`)")
            }
            return c
        }
        let m = csv.header.filter { $0.hasPrefix("log_norm") && Int($0.dropFirst(8)) != nil }.count
        guard m > 0 else {
            throw InputError(field: "trace", value: path, reason: "no log_norm1.. columns (expected a trace written by `reluflow run --trace`)")
        }
        let t = try column("t"), loss = try column("loss")
        let a = try (1...m).map { try column("a\($0)") }, norms = try (1...m).map { try column("log_norm\($0)") }
        let d = csv.header.filter { $0.hasPrefix("u1_") }.count
        let u = d > 0 ? try (1...m).flatMap { j in try (1...d).map { try column("u\(j)_\($0)") } } : nil
        try self.init(times: csv.rows.map { $0[t] }, losses: csv.rows.map { $0[loss] },
                      signs: a.map { csv.rows[0][$0].sign == .minus ? -1 : 1 },
                      logNorms: csv.rows.map { row in norms.map { row[$0] } },
                      directions: u.map { u in csv.rows.map { row in Matrix(rows: m, columns: d, storage: u.map { row[$0] }) } })
    }

    /// The number of neurons m.
    public var width: Int { signs.count }
    /// The input dimension d of the directions (nil without them).
    public var dimension: Int? { directions?.first?.columns }
}
