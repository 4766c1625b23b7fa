import Foundation

/// A peer script of the bench run as a subprocess on the bench's data and init files, killed
/// after a cap, its one-line report parsed.
public struct PeerProcess: Sendable {
    /// Path of the script.
    public let script: String
    /// The Python interpreter (a name on PATH or a path).
    public let python: String

    public init(script: String, python: String) {
        self.script = script
        self.python = python
    }

    public enum Result: Sendable {
        case finished(PeerReport, finalPath: String)
        case capped(seconds: Double)
        case failed(String)
    }

    /// Runs `python script data init T arguments... --out final` with single-threaded BLAS,
    /// waiting at most `cap` seconds of wall time (then SIGTERM, and SIGKILL a second later).
    public func run(data: String, initial: String, time: Double, arguments: [String], finalPath: String,
                    cap: Double) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, data, initial, String(format: "%.17g", time)] + arguments
            + ["--out", finalPath]
        // Single-threaded BLAS, as ReLUFlow's solves: one run, one core.
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"]) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try? FileManager.default.removeItem(atPath: finalPath)
        do {
            try process.run()
        } catch {
            return .failed("cannot start \(python) \(script): \(error.localizedDescription)")
        }
        // Drain the pipes while waiting (the peer prints little, but stderr may be long).
        let outputData = LockedData(), errorData = LockedData()
        let readers = DispatchGroup()
        for (pipe, sink) in [(output, outputData), (errors, errorData)] {
            DispatchQueue.global().async(group: readers) { sink.set(pipe.fileHandleForReading.readDataToEndOfFile()) }
        }
        if done.wait(timeout: .now() + cap) == .timedOut {
            process.terminate()
            if done.wait(timeout: .now() + 1) == .timedOut { kill(process.processIdentifier, SIGKILL); done.wait() }
            readers.wait()
            return .capped(seconds: cap)
        }
        readers.wait()
        let stdout = String(decoding: outputData.get(), as: UTF8.self)
        let stderr = String(decoding: errorData.get(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let last = stderr.split(whereSeparator: \.isNewline).last.map(String.init) ?? "no message"
            return .failed("exit \(process.terminationStatus): \(last)")
        }
        do {
            let report = try PeerReport(output: stdout)
            guard report.status == 0 else { return .failed("status \(report.status) (step failure)") }
            guard report.loss.isFinite else { return .failed("final loss \(report.loss)") }
            return .finished(report, finalPath: finalPath)
        } catch {
            return .failed("\(error)")
        }
    }
}

/// Bytes handed from a reader thread to the waiting one.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}
