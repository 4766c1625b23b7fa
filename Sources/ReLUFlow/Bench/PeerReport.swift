/// The one-line report of a bench peer (`bench/peers/`), the scipy flow's
/// `peer=scipy-DOP853 rtol=1e-08 atol=1e-10 status=0 wall_s=2.5990 nfev=46346 loss=5.05e-01`
/// or gradient descent's `peer=numpy-GD step=0.001 steps=50000 status=0 wall_s=3.1 nfev=50000 loss=...`.
public struct PeerReport: Sendable, Equatable {
    /// The tool before the dash of `peer=` (scipy, numpy).
    public var tool: String
    /// The method after the dash (DOP853, RK45, GD).
    public var method: String
    /// The tolerances of an adaptive integrator (nil for fixed steps).
    public var relativeTolerance: Double?
    public var absoluteTolerance: Double?
    /// The requested step of gradient descent (nil for an adaptive integrator).
    public var step: Double?
    /// 0 reached the end; solve_ivp's -1: an integration step failed.
    public var status: Int
    /// Wall seconds of the integration alone (as the peer measures it).
    public var wallSeconds: Double
    public var fieldEvaluations: Int
    /// The peer's final loss 1/(2n) sum (f - y)^2.
    public var loss: Double

    /// Parses the last line of the peer's output that starts with `peer=`.
    /// - Throws: `InputError` naming the missing or malformed key.
    public init(output: String) throws {
        guard let line = output.split(whereSeparator: \.isNewline).last(where: { $0.hasPrefix("peer=") }) else {
            throw InputError(field: "peer output", value: String(output.suffix(200)), reason: "no line starting with peer=")
        }
        var fields: [String: String] = [:]
        for token in line.split(separator: " ") {
            let parts = token.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        func text(_ key: String) throws -> String {
            guard let value = fields[key] else {
                throw InputError(field: "peer output \(key)", value: String(line), reason: "missing")
            }
            return value
        }
        func number(_ key: String) throws -> Double {
            let value = try text(key)
            guard let x = Double(value) else {
                throw InputError(field: "peer output \(key)", value: value, reason: "not a number")
            }
            return x
        }
        func integer(_ key: String) throws -> Int {
            let value = try text(key)
            guard let k = Int(value) else {
                throw InputError(field: "peer output \(key)", value: value, reason: "not an integer")
            }
            return k
        }
        let name = try text("peer").split(separator: "-", maxSplits: 1).map(String.init)
        guard let last = name.last else { throw InputError(field: "peer output peer", value: "", reason: "empty") }
        (tool, method) = (name.count == 2 ? name[0] : "", last)
        relativeTolerance = fields["rtol"] == nil ? nil : try number("rtol")
        absoluteTolerance = fields["atol"] == nil ? nil : try number("atol")
        step = fields["step"] == nil ? nil : try number("step")
        status = try integer("status")
        wallSeconds = try number("wall_s")
        fieldEvaluations = try integer("nfev")
        loss = try number("loss")
    }
}
