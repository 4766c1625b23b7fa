import Foundation
import Testing

/// `reluflow sweep` as a user runs it: the built executable, tiny problems (n <= 20, m <= 10,
/// short times).
@Suite(.serialized) struct SweepCommandTests {
    /// 3 x 2 grid x 2 seeds = 12 cells of a few milliseconds each.
    static let sweep = ["--sweep", "n=4..20:log:3", "--sweep", "lambda=1e-2,1e-6", "--seeds", "2",
                        "--m", "6", "--d", "2", "--noise", "0.25", "--time", "40", "--samples", "0", "--test-samples", "200"]

    @Test func unknownParametersBadRangesAndEmptyGridsGiveClearErrors() throws {
        let bin = try reluflowExecutable()
        let dir = try temporaryDirectory()
        let cases: [([String], String)] = [
            (["--sweep", "gamma=1,2"], "--sweep gamma = 1: not a run option"),
            (["--sweep", "n=20..4"], "--sweep n = 20..4: empty range"),
            (["--sweep", "n="], "--sweep n = : the grid is empty"),
            (["--sweep", "lambda=0..1:log:3"], "a log range needs ends > 0"),
            (["--sweep", "n=a,b"], "--sweep n = a: not a run option with this value"),
            (["--sweep", "n=4,5", "--n", "6"], "--n is also given as a fixed run option"),
            (["--sweep", "n=4,5", "--frobnicate", "1"], "run options = --frobnicate 1"),
        ]
        for (arguments, message) in cases {
            let result = try runProcess(bin, ["sweep"] + arguments + ["--out", dir + "/r.csv"])
            #expect(result.status != 0, "\(arguments) was accepted")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/r.csv"))
        }
    }

    @Test func resultsDoNotDependOnTheNumberOfWorkers() throws {
        let bin = try reluflowExecutable()
        let dir = try temporaryDirectory()
        for workers in [1, 2] {
            let result = try runProcess(bin, ["sweep"] + Self.sweep + ["--workers", "\(workers)", "--out", "\(dir)/w\(workers).csv"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.isEmpty, "no progress output when stderr is not a terminal")
        }
        let one = try resultRows(dir + "/w1.csv"), two = try resultRows(dir + "/w2.csv")
        #expect(one.count == 12)
        #expect(one == two)
    }

    @Test func shardsMergedEqualTheWholeSweep() throws {
        let bin = try reluflowExecutable()
        let dir = try temporaryDirectory()
        #expect(try runProcess(bin, ["sweep"] + Self.sweep + ["--out", dir + "/whole.csv"]).status == 0)
        var shards: [String] = []
        for k in 1...3 {
            let path = "\(dir)/shard\(k).csv"
            let result = try runProcess(bin, ["sweep"] + Self.sweep + ["--shard", "\(k)/3", "--out", path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try resultRows(path).count == 4)
            shards.append(path)
        }
        let merge = try runProcess(bin, ["sweep", "merge", "--out", dir + "/merged.csv"] + shards)
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.contains("12 of 12 cells"))
        #expect(try resultRows(dir + "/merged.csv") == resultRows(dir + "/whole.csv"))
        // A shard of another sweep is refused.
        let other = dir + "/other.csv"
        #expect(try runProcess(bin, ["sweep"] + Self.sweep.map { $0 == "40" ? "41" : $0 } + ["--shard", "3/3", "--out", other]).status == 0)
        let refused = try runProcess(bin, ["sweep", "merge", "--out", dir + "/bad.csv", shards[0], shards[1], other])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("records a different sweep"))
        // A different sweep into an existing results file is refused.
        let clash = try runProcess(bin, ["sweep"] + Self.sweep + ["--alpha", "2", "--out", dir + "/whole.csv"])
        #expect(clash.status != 0 && clash.stderr.contains("holds the results of a different sweep"))
    }

    @Test func aKilledSweepResumesWithoutLosingOrTearingCells() throws {
        let bin = try reluflowExecutable()
        let dir = try temporaryDirectory()
        // 40 cells, one worker: long enough to be killed part-way.
        let arguments = ["sweep", "--sweep", "n=8..20:4", "--sweep", "alpha=0.5,1", "--seeds", "5", "--m", "10", "--d", "3",
                         "--lambda", "1e-3", "--time", "300", "--samples", "0", "--test-samples", "200", "--workers", "1"]
        let path = dir + "/r.csv"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: bin)
        process.arguments = arguments + ["--out", path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        func finishedLines() -> Int {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
            return max(0, text.split(separator: "\n").count - 4)
        }
        let deadline = Date().addingTimeInterval(60)
        while finishedLines() < 3 && process.isRunning && Date() < deadline { usleep(2_000) }
        #expect(process.isRunning, "the sweep finished before it could be killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let before = try resultRows(path)
        #expect(before.count >= 3 && before.count < 40)
        // Every complete line is a whole cell (a torn tail, if the kill cut a write, has no newline).
        if !text.hasSuffix("\n") { #expect(text.split(separator: "\n").last!.split(separator: ",").count < 17) }
        let resumed = try runProcess(bin, arguments + ["--out", path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("(\(40 - before.count) run, \(before.count) already in"), "\(resumed.stdout)")
        let after = try resultRows(path)
        #expect(after.count == 40)
        #expect(Set(before).isSubset(of: Set(after)))
        // The resumed file equals an uninterrupted run.
        let fresh = dir + "/fresh.csv"
        #expect(try runProcess(bin, arguments + ["--out", fresh]).status == 0)
        #expect(after == (try resultRows(fresh)))
        // Running it again does nothing.
        let again = try runProcess(bin, arguments + ["--out", path])
        #expect(again.stdout.contains("(0 run, 40 already in"))
    }

    @Test func phaseWritesTheHeatMapTableAndGnuplotScript() throws {
        let bin = try reluflowExecutable()
        let dir = try temporaryDirectory()
        #expect(try runProcess(bin, ["sweep"] + Self.sweep + ["--out", dir + "/r.csv"]).status == 0)
        let phase = try runProcess(bin, ["phase", dir + "/r.csv", "--value", "train_loss"])
        #expect(phase.status == 0, "\(phase.stderr)")
        #expect(phase.stdout.contains("lambda \\ n |"))
        #expect(phase.stdout.contains("legend ("))
        let table = try String(contentsOfFile: dir + "/r-phase-train_loss.csv", encoding: .utf8)
        #expect(table.hasPrefix("lambda\\n,4,9,20\n1e-2,"))
        #expect(FileManager.default.fileExists(atPath: dir + "/r-phase-train_loss.gp"))
        if Gnuplot.installed {
            #expect(FileManager.default.fileExists(atPath: dir + "/r-phase-train_loss.svg"))
            #expect(FileManager.default.fileExists(atPath: dir + "/r-phase-train_loss.png"))
        }
    }
}

enum Gnuplot {
    static var installed: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/gnuplot") }
    }
}
