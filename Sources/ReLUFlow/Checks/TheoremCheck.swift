/// A named check of a paper's claim about the flow: a setting, a measured quantity, the predicted
/// value or bound with a tolerance, and a negative control (a setting where the prediction must
/// fail, run by the same code) that shows the check can fail.
public protocol TheoremCheck: Sendable {
    /// Short name used on the command line (`logistic-single-neuron`).
    var name: String { get }
    /// Paper short name and statement (`alignment: exact trajectory (A)`).
    var source: String { get }
    /// Whether the prediction is proven (it must hold) or an empirical claim (it is reported).
    var kind: CheckKind { get }
    /// Runs the check and its control in the settings of `level`.
    func run(level: CheckLevel, seed: UInt64) throws -> CheckOutcome
}

/// What kind of claim a check tests.
public enum CheckKind: String, CaseIterable, Sendable {
    /// A proven prediction (derived in its proofs-note): it must pass and its control must fail.
    case theorem
    /// An empirical claim of a paper: reported as reproduced or not, with its statistics.
    case measurement
}

/// How large the settings of a check run are.
public enum CheckLevel: String, CaseIterable, Sendable {
    /// The smallest settings (seconds for all checks; for CI).
    case quick
    /// Settings for all checks in about two minutes on two cores (the default).
    case standard
    /// The paper-size settings of the proofs-notes (more than half an hour for all checks).
    case full

    /// The value given for this level.
    func choose<Value>(quick: Value, standard: Value, full: Value) -> Value {
        switch self {
        case .quick: quick
        case .standard: standard
        case .full: full
        }
    }
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
