import Foundation
import ReLUFlow

/// A one-line progress display on the terminal's stderr (cells done/total, elapsed, ETA),
/// redrawn in place; silent when stderr is not a terminal.
final class ProgressLine: @unchecked Sendable {
    let enabled: Bool
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ p: SweepRunner.Progress) {
        guard enabled else { return }
        let eta = p.remaining.map(Self.clock) ?? "?"
        show(text: "cells \(p.done)/\(p.total)\(p.skipped > 0 ? " (\(p.skipped) from before)" : "")  "
             + "elapsed \(Self.clock(p.elapsed))  ETA \(eta)")
    }

    /// Redraws the line with `text`.
    func show(text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
