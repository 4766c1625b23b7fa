/// A failure of the integration, with the time it happened.
public struct SolverError: Error, CustomStringConvertible {
    public let time: Double
    public let reason: String
    public var description: String { "integration stopped at t = \(time): \(reason)" }
}
