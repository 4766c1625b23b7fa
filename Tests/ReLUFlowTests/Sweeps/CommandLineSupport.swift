import Foundation
import Testing

/// The built `reluflow` executable: next to the test bundle (SwiftPM builds every product into
/// the same directory, debug or release), or $RELUFLOW_BIN.
func reluflowExecutable() throws -> String {
    var candidates: [String] = []
    if let path = ProcessInfo.processInfo.environment["RELUFLOW_BIN"] { candidates.append(path) }
    for base in [CommandLine.arguments.first.map { URL(fileURLWithPath: $0) }, Bundle.main.executableURL,
                 Bundle.main.bundleURL] {
        guard let base else { continue }
        var directory = base.deletingLastPathComponent()
        for _ in 0..<3 {  // the bundle may be a directory (.xctest/Contents/MacOS) on some platforms
            candidates.append(directory.appendingPathComponent("reluflow").path)
            directory = directory.deletingLastPathComponent()
        }
    }
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        throw CommandLineTestError(message: "reluflow executable not found; looked at \(candidates)")
    }
    return found
}

struct CommandLineTestError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// What a finished process printed and returned.
struct ProcessOutput {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs `executable` with `arguments` in `directory` and waits for it (at most `timeout` seconds).
@discardableResult
func runProcess(_ executable: String, _ arguments: [String], in directory: String? = nil,
                environment: [String: String] = [:], timeout: Double = 120) throws -> ProcessOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let directoryForOutput = try temporaryDirectory()
    let outPath = directoryForOutput + "/stdout", errPath = directoryForOutput + "/stderr"
    FileManager.default.createFile(atPath: outPath, contents: nil)
    FileManager.default.createFile(atPath: errPath, contents: nil)
    process.standardOutput = FileHandle(forWritingAtPath: outPath)
    process.standardError = FileHandle(forWritingAtPath: errPath)
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning {
        process.terminate()
        throw CommandLineTestError(message: "\(executable) \(arguments.joined(separator: " ")) took more than \(timeout) s")
    }
    return ProcessOutput(status: process.terminationStatus,
                         stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
}

/// A fresh temporary directory.
func temporaryDirectory() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("reluflow-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

/// The lines of a results file after its preamble, sorted by cell, without the wall-time column
/// (the only machine-dependent one).
func resultRows(_ path: String) throws -> [String] {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    let header = lines[3].split(separator: ",").map(String.init)
    let wall = try #require(header.firstIndex(of: "wall_seconds"))
    return lines.dropFirst(4).map { line in
        var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields.remove(at: wall)
        return fields.joined(separator: ",")
    }.sorted { Int($0.prefix { $0 != "," })! < Int($1.prefix { $0 != "," })! }
}
