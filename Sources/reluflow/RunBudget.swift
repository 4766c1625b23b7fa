import ArgumentParser
import Foundation
import ReLUFlow

/// The step and wall-time budget of one integration: a run that would exceed it ends with a
/// message saying where it was.
struct BudgetOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("Give up after this many accepted steps.", valueName: "k"))
    var maxSteps: Int = 50_000_000

    @Option(parsing: .unconditional, help: ArgumentHelp("Give up after this many seconds of wall time (default: no limit).",
                                                         valueName: "s"))
    var maxSeconds: Double?

    /// Installs the budget as `options.progress`, chained before `display`.
    func apply(to options: inout SolverOptions, display: (@Sendable (SolverProgress) -> Void)? = nil) throws {
        try InputError.requirePositiveCount(maxSteps, "--max-steps")
        if let maxSeconds, !(maxSeconds.isFinite && maxSeconds > 0) {
            throw InputError(field: "--max-seconds", value: "\(maxSeconds)", reason: "must be a finite number > 0")
        }
        let (endTime, steps, seconds) = (options.endTime, maxSteps, maxSeconds)
        options.maxSteps = steps + 1  // the budget below speaks first, naming the option
        let start = Date()
        options.progress = { p in
            if p.steps >= steps {
                throw BudgetExceeded(progress: p, endTime: endTime, what: "\(steps) steps (--max-steps)")
            }
            if let seconds, p.steps % 64 == 0, Date().timeIntervalSince(start) > seconds {
                throw BudgetExceeded(progress: p, endTime: endTime, what: "\(seconds) s of wall time (--max-seconds)")
            }
            display?(p)
        }
    }
}

/// A run that used up its budget before its end time.
struct BudgetExceeded: Error, CustomStringConvertible {
    let progress: SolverProgress
    let endTime: Double
    let what: String

    var description: String {
        "the run used up its budget of \(what) at t = \(formatNumber(progress.time, digits: 4)) of T = \(formatNumber(endTime, digits: 4)) "
            + "(\(progress.steps) steps, \(progress.events) events); raise the budget or shorten --time"
    }
}

extension InputError {
    /// Throws unless `value` is a count > 0.
    static func requirePositiveCount(_ value: Int, _ field: String) throws {
        guard value > 0 else { throw InputError(field: field, value: "\(value)", reason: "must be a whole number > 0") }
    }
}

/// The progress of a long run on the terminal's stderr (t, steps, events, elapsed), redrawn in
/// place twice a second after the first second; silent when stderr is not a terminal.
final class RunProgressLine: @unchecked Sendable {
    private let enabled = isatty(STDERR_FILENO) != 0
    private let start = Date()
    private var nextDraw = 1.0
    private var shown = false
    private let endTime: Double

    init(endTime: Double) { self.endTime = endTime }

    func show(_ p: SolverProgress) {
        guard enabled, p.steps % 256 == 0 else { return }
        let elapsed = Date().timeIntervalSince(start)
        guard elapsed >= nextDraw else { return }
        nextDraw = elapsed + 0.5
        let line = "t = \(formatNumber(p.time, digits: 4)) of \(formatNumber(endTime, digits: 4))  steps \(p.steps)  "
            + "events \(p.events)  elapsed \(ProgressLine.clock(elapsed))"
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        shown = true
    }

    /// Clears the line (before the run's results are printed).
    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
