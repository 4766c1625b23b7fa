import Foundation

/// Where the bench's peer scripts are and which Python runs them. The project carries the peers
/// in `bench/peers/`: `gf_scipy.py` (scipy's solve_ivp on the flow) and `gd_numpy.py` (full-batch
/// gradient descent); both need numpy, the first also scipy.
public enum BenchPeers {
    public static let scipyScript = "gf_scipy.py"
    public static let gradientDescentScript = "gd_numpy.py"

    /// The folders searched for the peers, in order: `peers/` next to the executable (an
    /// installed copy), the repository's `bench/peers/` (found from where this library was
    /// built), and `bench/peers/` under the current directory.
    public static func searchFolders(executable: String?) -> [String] {
        var folders: [String] = []
        if let executable {
            folders.append(URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("peers").path)
        }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()  // Bench
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        folders.append(repository.appendingPathComponent("bench/peers").path)
        folders.append(FileManager.default.currentDirectoryPath + "/bench/peers")
        return folders
    }

    /// The first of `searchFolders` that holds `script`, as a path, or nil.
    public static func locate(_ script: String, executable: String?) -> String? {
        searchFolders(executable: executable).map { $0 + "/" + script }
            .first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The interpreters tried when none is given: `python3` on PATH (maybe a pyenv or venv
    /// Python with numpy and scipy from pip), then the system's `/usr/bin/python3` (Debian's
    /// python3-numpy and python3-scipy, which `scripts/setup` installs).
    public static let defaultInterpreters = ["python3", "/usr/bin/python3"]

    /// The first interpreter of `candidates` that imports numpy and scipy; otherwise an
    /// explanation naming each candidate and what it lacks.
    public static func interpreter(candidates: [String] = defaultInterpreters) -> Swift.Result<String, MissingPeerTools> {
        var failures: [String] = []
        for python in candidates {
            switch importCheck(python) {
            case nil: return .success(python)
            case .some(let reason): failures.append("\(python): \(reason)")
            }
        }
        return .failure(MissingPeerTools(tried: failures))
    }

    /// nil when `python -c 'import numpy, scipy'` succeeds, else the reason (its last line of errors).
    private static func importCheck(_ python: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", "import numpy, scipy"]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return "cannot start: \(error.localizedDescription)"
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus != 0 else { return nil }
        return message.split(whereSeparator: \.isNewline).last.map(String.init) ?? "exit \(process.terminationStatus)"
    }
}

/// No interpreter with numpy and scipy was found.
public struct MissingPeerTools: Error, CustomStringConvertible, Sendable {
    /// "interpreter: reason" for each candidate tried.
    public let tried: [String]
    public var description: String {
        "no Python with numpy and scipy for the peers (tried " + tried.joined(separator: "; ")
            + "); run ./scripts/setup (installs python3-numpy and python3-scipy) or name an interpreter that has them"
    }
}
