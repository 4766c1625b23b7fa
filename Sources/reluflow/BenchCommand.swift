import ArgumentParser
import Foundation
import ReLUFlow

struct BenchCommand: ParsableCommand, RenamesParameters {
    static let parameterFlags = ["cases": "--cases", "gradientDescentSteps": "--gd-steps"]

    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Speed and accuracy against scipy's solve_ivp and gradient descent on the same problems.",
        usage: "reluflow bench [--cases <names>] [--quick] [--no-peer] [<options>]",
        discussion: """
        For each case the data and init are written to CSV and every solver reads them. ReLUFlow runs \
        each --methods step type at each --rtols tolerance; the peers of the project's bench/peers \
        run under a Python with numpy and scipy (./scripts/setup installs one): gf_scipy.py \
        (solve_ivp) each --peer-methods method, gd_numpy.py (full-batch gradient descent; step h on \
        L = 1/(2n) sum (f - y)^2 reaches flow time T in T/h steps) each --gd-steps step, each run \
        killed after --peer-cap seconds. Errors of the final loss and of all parameters are \
        relative to a reference: Richardson-extrapolated gradient descent (small and scale cases) \
        or ReLUFlow at rtol 1e-12 (the others), each with its resolution measured against a \
        second reference; errors below it count as equal. The ratio column compares each peer run \
        with the fastest ReLUFlow run that is as accurate (peer time / ReLUFlow time; '>' when the \
        peer was capped). Times are of the integration alone (the peers measure their own). Below \
        each table: gradient descent's observed order and the step (and time) at which it would \
        be as accurate as ReLUFlow's most accurate run. The scale case (n = m = 200, d = 5, T = 50) \
        is not in the default set: it takes minutes. \
        Then: one field evaluation through the row kernels and through BLAS, and 2 dgemms of its \
        shapes; 1 vs 2 workers on a fixed set of solves, \
        and the plateau's cost (lambda = 1e-4 vs exp(-2000), log-norm).

        Examples:
          reluflow bench --cases small --quick
          reluflow bench --cases medium --rtols 1e-8 --peer-cap 60 --out medium.csv
          reluflow bench --parts field,workers
          reluflow bench --cases scale --parts table
        """)

    @Option(help: "Cases: small, medium, large, small-init, scale, or case names (medium-t3, ...), comma-separated.")
    var cases: String = BenchCase.defaultGroups.joined(separator: ",")

    @Option(help: "Relative tolerances, comma-separated (default 1e-6,1e-8,1e-10; the scale case: 1e-8).")
    var rtols: String?

    @Option(help: "ReLUFlow step types, comma-separated (default rk8pd,rkf45,rkck; the scale case: rk8pd).")
    var methods: String?

    @Option(help: "Peer (solve_ivp) methods, comma-separated (default DOP853,RK45; the scale case: none).")
    var peerMethods: String?

    @Option(help: "Gradient-descent steps, comma-separated, each half the previous (default 1e-3,5e-4,2.5e-4; the scale case: 1e-3,5e-4).")
    var gdSteps: String?

    @Option(help: "Kill a peer run after this many seconds and report it capped.")
    var peerCap: Double = 600

    @Option(help: "The scipy peer script (default: gf_scipy.py of the project's bench/peers).")
    var peer: String?

    @Option(help: "The gradient-descent peer script (default: gd_numpy.py of the project's bench/peers).")
    var gdPeer: String?

    @Option(help: "Python interpreter of the peers (default: the first of python3, /usr/bin/python3 with numpy and scipy).")
    var python: String?

    @Flag(help: "Run ReLUFlow alone.")
    var noPeer = false

    @Option(help: "Parts: table, field, workers, plateau, comma-separated.")
    var parts: String = "table,field,workers,plateau"

    @Option(help: "CSV file of the work-precision rows.")
    var out: String = "bench.csv"

    @Option(help: "Directory for the data, init and final-state files (default: a new temporary one).")
    var workDir: String?

    @Flag(help: "Short horizons, rtols 1e-6 and 1e-8, a 30 s peer cap: a run of about a minute per case.")
    var quick = false

    func run() throws {
        try runBench()
    }

    private func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func numbers(_ text: String, flag: String, reason: String, valid: (Double) -> Bool) throws -> [Double] {
        try list(text).map { item in
            guard let x = Double(item), valid(x) else { throw InputError(field: flag, value: item, reason: reason) }
            return x
        }
    }

    private func runBench() throws {
        let selectedParts = Set(list(parts))
        for p in selectedParts where !["table", "field", "workers", "plateau"].contains(p) {
            throw InputError(field: "--parts", value: p, reason: "one of table, field, workers, plateau")
        }
        let tolerances = try rtols.map {
            try numbers($0, flag: "--rtols", reason: "a tolerance in (0, 1)") { $0 > 0 && $0 < 1 }
        }
        let stepTypes = try methods.map { try list($0).map { try StepType(named: $0) } }
        let steps = try gdSteps.map {
            try numbers($0, flag: "--gd-steps", reason: "a step > 0") { $0 > 0 && $0.isFinite }
        }
        guard peerCap > 0 else { throw InputError(field: "--peer-cap", value: "\(peerCap)", reason: "must be > 0") }
        let cap = quick && peerCap == 600 ? 30 : peerCap
        let selected = try BenchCase.selected(list(cases), quick: quick)
        let directory = try workDir ?? makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (scipy, gradientDescent) = noPeer || !selectedParts.contains("table") ? (nil, nil) : peers()
        print("reluflow bench: files in \(directory); peer cap \(formatNumber(cap)) s")
        if selectedParts.contains("table") {
            let runner = BenchRunner(methods: stepTypes, rtols: tolerances, scipyMethods: peerMethods.map(list),
                                     gradientDescentSteps: steps, scipy: scipy, gradientDescent: gradientDescent,
                                     peerCap: cap, directory: directory,
                                     log: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) })
            var csv = [BenchTable.csvHeader]
            for benchCase in selected {
                let result = try runner.run(benchCase, quick: quick)
                print(BenchTable.text(result) + "\n")
                csv += BenchTable.csvRows(result)
                try (csv.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
            }
            print("work-precision rows written to \(out)")
        }
        if selectedParts.contains("field") { print("\n" + (try BenchRates.fieldThroughput(quick: quick))) }
        if selectedParts.contains("workers") { print("\n" + (try BenchRates.workerScaling(quick: quick))) }
        if selectedParts.contains("plateau") { print("\n" + (try BenchRates.plateauCost(quick: quick))) }
    }

    /// The peers to run: the scripts given or found in the project, with an interpreter that has
    /// numpy and scipy. What is missing is printed, and the bench runs without it.
    private func peers() -> (PeerProcess?, PeerProcess?) {
        let interpreter: String
        switch BenchPeers.interpreter(candidates: python.map { [$0] } ?? BenchPeers.defaultInterpreters) {
        case .success(let found): interpreter = found
        case .failure(let missing):
            print("peers not run: \(missing)")
            return (nil, nil)
        }
        let executable = Bundle.main.executablePath
        func script(_ given: String?, _ name: String) -> PeerProcess? {
            if let given {
                guard FileManager.default.fileExists(atPath: given) else {
                    print("peer script \(given) not found: not run")
                    return nil
                }
                return PeerProcess(script: given, python: interpreter)
            }
            guard let found = BenchPeers.locate(name, executable: executable) else {
                print("peer script \(name) not found in " + BenchPeers.searchFolders(executable: executable)
                    .joined(separator: ", ") + ": not run")
                return nil
            }
            return PeerProcess(script: found, python: interpreter)
        }
        let scipy = script(peer, BenchPeers.scipyScript), descent = script(gdPeer, BenchPeers.gradientDescentScript)
        print("peers (\(interpreter)): " + [scipy, descent].compactMap { $0?.script }.joined(separator: ", "))
        return (scipy, descent)
    }

    private func makeTemporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "reluflow-bench-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
