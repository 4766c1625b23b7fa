import ArgumentParser
import Foundation
import ReLUFlow

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Speed and accuracy against scipy's solve_ivp on the same problems, side by side.",
        discussion: """
        For each case the data and init are written to CSV and both solvers read them. ReLUFlow runs
        each --methods step type at each --rtols tolerance, the peer (gf_scipy.py, solve_ivp) each
        --peer-methods method, killed after --peer-cap seconds. Errors of the final loss and of all
        parameters are relative to a reference: Richardson-extrapolated gradient descent (small
        case) or ReLUFlow at rtol 1e-12 (the others), each with its resolution measured against a
        second reference; errors below it count as equal. The last column compares each peer run
        with the fastest ReLUFlow run that is as accurate (peer time / ReLUFlow time; '>' when the
        peer was capped). Times are of the integration alone (the peer measures its own).
        Then: field GFLOP/s vs dgemm of the same shapes, 1 vs 2 workers on a fixed set of solves,
        and the plateau's cost (lambda = 1e-4 vs exp(-2000), log-norm).

        Examples:
          reluflow bench --cases small --quick
          reluflow bench --cases medium --rtols 1e-8 --peer-cap 60 --out medium.csv
          reluflow bench --parts field,workers
        """)

    @Option(help: "Cases: small, medium, large, small-init, or case names (medium-t3, ...), comma-separated.")
    var cases: String = "small,medium,large,small-init"

    @Option(help: "Relative tolerances, comma-separated.")
    var rtols: String = "1e-6,1e-8,1e-10"

    @Option(help: "ReLUFlow step types, comma-separated.")
    var methods: String = "rk8pd,rkf45,rkck"

    @Option(help: "Peer (solve_ivp) methods, comma-separated.")
    var peerMethods: String = "DOP853,RK45"

    @Option(help: "Kill a peer run after this many seconds and report it capped.")
    var peerCap: Double = 600

    @Option(help: "The peer script.")
    var peer: String = "/work/shared/peers/gf_scipy.py"

    @Option(help: "Python interpreter of the peer.")
    var python: String = "python3"

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
        do {
            try runBench()
        } catch let error as InputError {
            throw CommandFailure(message: error.description)
        } catch let error as SolverError {
            throw CommandFailure(message: error.description)
        }
    }

    private func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func runBench() throws {
        let selectedParts = Set(list(parts))
        for p in selectedParts where !["table", "field", "workers", "plateau"].contains(p) {
            throw InputError(field: "--parts", value: p, reason: "one of table, field, workers, plateau")
        }
        let tolerances = try list(quick && rtols == "1e-6,1e-8,1e-10" ? "1e-6,1e-8" : rtols).map { text -> Double in
            guard let r = Double(text), r > 0, r < 1 else {
                throw InputError(field: "--rtols", value: text, reason: "a tolerance in (0, 1)")
            }
            return r
        }
        let stepTypes = try list(methods).map { try StepType(named: $0) }
        guard peerCap > 0 else { throw InputError(field: "--peer-cap", value: "\(peerCap)", reason: "must be > 0") }
        let cap = quick && peerCap == 600 ? 30 : peerCap
        let all = BenchCase.all(quick: quick)
        let names = list(cases)
        for name in names where !all.contains(where: { $0.group == name || $0.name == name }) {
            throw InputError(field: "--cases", value: name,
                             reason: "one of small, medium, large, small-init, " + all.map(\.name).joined(separator: ", "))
        }
        let selected = all.filter { names.contains($0.group) || names.contains($0.name) }
        let directory = try workDir ?? makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var peerProcess: PeerProcess?
        if !noPeer {
            if FileManager.default.fileExists(atPath: peer) {
                peerProcess = PeerProcess(script: peer, python: python)
            } else {
                print("peer script \(peer) not found: ReLUFlow alone")
            }
        }
        print("reluflow bench: files in \(directory); peer cap \(formatNumber(cap)) s")
        if selectedParts.contains("table") {
            let runner = BenchRunner(methods: stepTypes, peerMethods: peerProcess == nil ? [] : list(peerMethods),
                                     rtols: tolerances, peer: peerProcess, peerCap: cap, directory: directory,
                                     log: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) })
            var csv = [BenchTable.csvHeader]
            for benchCase in selected {
                let result = try runner.run(benchCase)
                print(BenchTable.text(result) + "\n")
                csv += BenchTable.csvRows(result)
                try (csv.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
            }
            print("work-precision rows written to \(out)")
        }
        if selectedParts.contains("field") { try printFieldThroughput() }
        if selectedParts.contains("workers") { try printWorkerScaling() }
        if selectedParts.contains("plateau") { try printPlateauCost() }
    }

    private func printFieldThroughput() throws {
        print("\n== field evaluation vs dgemm of the same shapes (4 n m d flops, single-threaded BLAS)")
        var table = TextTable(header: ["n", "d", "m", "field us", "field GFLOP/s", "2 dgemm us", "dgemm GFLOP/s",
                                       "field/dgemm"])
        for (n, d, m) in [(6, 3, 4), (100, 10, 100), (500, 50, 500)] {
            let data = try Teacher.linear(inputs: .gaussian).sample(n: n, d: d, noise: 0.25, seed: 3)
            let net = try Initialization(scale: 1e-4, seed: 3).network(width: m, dimension: d)
            let t = try FieldThroughput.measure(FlowProblem(data: data, initial: net), seconds: quick ? 0.5 : 3)
            table.append(["\(n)", "\(d)", "\(m)", formatNumber(t.fieldSeconds * 1e6, digits: 4),
                          formatNumber(t.fieldGFlops, digits: 3), formatNumber(t.gemmSeconds * 1e6, digits: 4),
                          formatNumber(t.gemmGFlops, digits: 3), formatNumber(100 * t.fractionOfGemm, digits: 3) + "%"])
        }
        print(table.render())
    }

    private func printWorkerScaling() throws {
        let (size, time) = quick ? ((20, 5, 20), 50.0) : ((100, 10, 100), 1.0)
        let count = 8
        let problems = try WorkerScaling.problems(n: size.0, d: size.1, m: size.2, lambda: 1e-4, count: count)
        let options = try SolverOptions(endTime: time, logSpacedSamples: 0)
        print("\n== \(count) independent solves (n=\(size.0) d=\(size.1) m=\(size.2) lambda=1e-4 T=\(formatNumber(time)) "
              + "rk8pd rtol 1e-8, seeds 1..\(count)) with 1 and 2 concurrent workers")
        let one = WorkerScaling.wallSeconds(problems, options: options, workers: 1)
        let two = WorkerScaling.wallSeconds(problems, options: options, workers: 2)
        print("1 worker \(formatNumber(one, digits: 4)) s, 2 workers \(formatNumber(two, digits: 4)) s, "
              + "speedup \(formatNumber(one / two, digits: 3)) (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
    }

    private func printPlateauCost() throws {
        let (size, time): ((Int, Int, Int), Double) = quick ? ((6, 3, 4), 50) : ((100, 10, 100), 400)
        let r = try PlateauCost.measure(n: size.0, d: size.1, m: size.2, seed: 3, logLambdas: (log(1e-4), -2000),
                                        time: time, rtol: 1e-8)
        print("\n== plateau cost, log-norm, rk8pd rtol 1e-8 (n=\(size.0) d=\(size.1) m=\(size.2) seed 3, "
              + "G = \(formatNumber(r.rate, digits: 4)); the small init runs log(1e-4 / exp(-2000)) / G longer)")
        var table = TextTable(header: ["lambda", "T", "field evals", "wall s", "final loss"])
        table.append(["1e-4", formatNumber(r.times.0), "\(r.evaluations.0)", formatNumber(r.walls.0, digits: 4),
                      formatNumber(r.losses.0, digits: 10)])
        table.append(["exp(-2000)", formatNumber(r.times.1), "\(r.evaluations.1)", formatNumber(r.walls.1, digits: 4),
                      formatNumber(r.losses.1, digits: 10)])
        print(table.render())
        print("evaluation ratio exp(-2000) / 1e-4: \(formatNumber(Double(r.evaluations.1) / Double(r.evaluations.0), digits: 3))")
    }

    private func makeTemporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "reluflow-bench-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
