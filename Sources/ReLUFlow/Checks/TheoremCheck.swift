/// A named, checkable prediction of a paper about the flow: a setting, a measured quantity, the
/// predicted value or bound with a tolerance, and a negative control (a setting where the
/// prediction must fail, run by the same code) that shows the check can fail.
public protocol TheoremCheck: Sendable {
    /// Short name used on the command line (`logistic-single-neuron`).
    var name: String { get }
    /// Paper short name and statement (`alignment: exact trajectory (A)`).
    var source: String { get }
    /// Runs the check and its control. `quick` trades accuracy of the setting for time (CI).
    func run(quick: Bool, seed: UInt64) throws -> CheckOutcome
}

/// What a check measured and how it compares with its prediction.
public struct CheckOutcome: Sendable {
    public var setting: String
    public var measured: String
    public var predicted: String
    public var tolerance: String
    public var passed: Bool
    /// The control's setting and measurement, and whether it failed the prediction as it must.
    public var control: String
    public var controlFailed: Bool

    public init(setting: String, measured: String, predicted: String, tolerance: String, passed: Bool,
                control: String, controlFailed: Bool) {
        self.setting = setting
        self.measured = measured
        self.predicted = predicted
        self.tolerance = tolerance
        self.passed = passed
        self.control = control
        self.controlFailed = controlFailed
    }

    /// A check holds when it passes and its control fails.
    public var holds: Bool { passed && controlFailed }
}
