import Foundation
import Testing
@testable import ReLUFlow

/// The commands refuse what would destroy a file, crash, hang or misread, before any work, and
/// say which option and value: the built executable run as a user runs it.
@Suite(.serialized) struct ReliabilityCommandTests {
    static let small = ["--n", "5", "--d", "2", "--m", "4", "--time", "5", "--samples", "0"]

    /// A data file and an init file of matching dimension, written by the program itself.
    func inputs(_ dir: String) throws -> (data: String, initial: String) {
        let bin = try reluflowExecutable()
        let result = try runProcess(bin, ["run"] + Self.small + ["--save-data", dir + "/D.csv", "--save-final", dir + "/I.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        return (dir + "/D.csv", dir + "/I.csv")
    }

    @Test func runNeverOverwritesItsInputsOrAnExistingFile() throws {
        let bin = try reluflowExecutable()
        let dir = try temporaryDirectory()
        let (data, initial) = try inputs(dir)
        let before = try String(contentsOfFile: data, encoding: .utf8)
        let other = dir + "/other.csv"
        try "keep me\n".write(toFile: other, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--save-final", data], "--save-final = \(data): is also the input --data"),
            (["--trace", data], "--trace = \(data): is also the input --data"),
            (["--events", data], "--events = \(data): is also the input --data"),
            (["--save-final", initial], "--save-final = \(initial): is also the input --init"),
            (["--trace", dir + "/t.csv", "--events", dir + "/t.csv"], "is also the output --trace"),
            (["--trace", other], "--trace = \(other): exists already"),
        ]
        for (outputs, message) in cases {
            let result = try runProcess(bin, ["run", "--data", data, "--init", initial, "--time", "5"] + outputs)
            #expect(result.status != 0, "\(outputs) was accepted")
            #expect(result.stderr.contains(message), "\(outputs): \(result.stderr)")
        }
        #expect(try String(contentsOfFile: data, encoding: .utf8) == before)
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "keep me\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/t.csv"))
        let forced = try runProcess(bin, ["run", "--data", data, "--init", initial, "--time", "5", "--trace", other, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: other, encoding: .utf8).hasPrefix("t,"))
    }

    @Test func runWritesThroughLinksAndDevices() throws {
        let bin = try reluflowExecutable()
        let dir = try temporaryDirectory()
        let target = dir + "/target.csv"
        try "old\n".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.csv", withDestinationPath: target)
        let result = try runProcess(bin, ["run"] + Self.small + ["--trace", dir + "/link.csv", "--events", "/dev/null", "--force"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.csv") == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("t,"))
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test func hugeSizesAreRefusedWithoutCrashing() throws {
        let bin = try reluflowExecutable()
        for option in ["--m", "--n", "--d"] {
            let result = try runProcess(bin, ["run", option, "9223372036854775807"], timeout: 60)
            #expect(result.status == 1, "\(option): status \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("overflows") || result.stderr.contains("would need"), "\(option): \(result.stderr)")
        }
        let wide = try runProcess(bin, ["run", "--m", "100000000"], timeout: 60)
        #expect(wide.status == 1 && wide.stderr.contains("would need"), "\(wide.stderr)")
        let samples = try runProcess(bin, ["run", "--samples", "100000000", "--m", "200"], timeout: 60)
        #expect(samples.status == 1 && samples.stderr.contains("--samples"), "\(samples.stderr)")
    }

    @Test func longRunEndsAtItsBudgetWithAClearMessage() throws {
        let bin = try reluflowExecutable()
        let steps = try runProcess(bin, ["run", "--n", "5", "--d", "2", "--m", "4", "--time", "1e8", "--max-steps", "2000"])
        #expect(steps.status == 1)
        #expect(steps.stderr.contains("budget of 2000 steps (--max-steps)"), "\(steps.stderr)")
        let start = Date()
        let seconds = try runProcess(bin, ["run", "--n", "5", "--d", "2", "--m", "4", "--time", "1e8", "--max-seconds", "1"])
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(seconds.status == 1 && seconds.stderr.contains("(--max-seconds)"), "\(seconds.stderr)")
    }

    @Test func absurdOptionsAreRefusedNamingOptionAndValue() throws {
        let bin = try reluflowExecutable()
        let dir = try temporaryDirectory()
        let (data, _) = try inputs(dir)
        let cases: [([String], String)] = [
            (["--rtol", "1"], "--rtol = 1.0: must be in [1e-14, 1e-2]"),
            (["--rtol", "1e300"], "--rtol = 1e+300"),
            (["--rtol", "1e-20"], "--rtol = 1e-20"),
            (["--atol", "1e300"], "--atol = 1e+300: must be in [0, 1]"),
            (["--alpha", "1e300"], "--alpha = 1e+300: the loss scale"),
            (["--at", "60"], "--at = 60: is after the end time T = 50.0"),
            (["--n", "10", "--d", "3", "--m", "8", "--log-lambda", "-800", "--formulation", "weights", "--time", "30000"],
             "--formulation = weights: at this scale"),
            (["--init", data], "looks like a data file"),
            (["--n", "1", "--d", "1", "--m", "2", "--centred", "--observe", "kernel"], "the tangent kernel K_0 at t = 0 is 0"),
            (["--stop-at-risk", "1e100"], "--stop-at-risk = 1e+100: must be below the initial risk 0."),
            (["--data", dir], "is a directory, not a CSV file"),
            (["--data", bin], "binary file"),
        ]
        for (arguments, message) in cases {
            let result = try runProcess(bin, ["run"] + arguments)
            #expect(result.status == 1, "\(arguments): \(result.status)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let ignored = try runProcess(bin, ["run", "--data", data, "--n", "7", "--teacher", "relu", "--time", "1"])
        #expect(ignored.status == 0 && ignored.stderr.contains("warning: --n, --teacher ignored: the data come from --data"),
                "\(ignored.stderr)")
        let huge = dir + "/huge.csv"
        try "x1,y\n1,1e300\n2,1\n".write(toFile: huge, atomically: true, encoding: .utf8)
        let result = try runProcess(bin, ["run", "--data", huge, "--m", "2"])
        #expect(result.status == 1 && result.stderr.contains("y of sample 1 = 1e+300"), "\(result.stderr)")
    }

    @Test func sweepValidatesEveryCellBeforeTheFirstRuns() throws {
        let bin = try reluflowExecutable()
        let dir = try temporaryDirectory()
        let cases: [(String, String)] = [
            ("method=rk8pd,foo", "--sweep method = foo: not a run option with this value"),
            ("teacher=linear,bogus", "--sweep teacher = bogus: not a run option with this value"),
            ("lambda=1,0", "--sweep lambda = 0: refused: --lambda = 0.0"),
            ("alpha=1,1e300", "--sweep alpha = 1e300: refused: --alpha = 1e+300"),
        ]
        for (axis, message) in cases {
            let result = try runProcess(bin, ["sweep", "--sweep", axis, "--n", "4", "--m", "4", "--time", "1", "--out", dir + "/r.csv"])
            #expect(result.status == 1, "\(axis) accepted")
            #expect(result.stderr.contains(message), "\(axis): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/r.csv"), "\(axis): a cell ran")
        }
    }

    @Test func failedCellIsRecordedAndTheSweepGoesOn() throws {
        let bin = try reluflowExecutable()
        let dir = try temporaryDirectory()
        let arguments = ["sweep", "--sweep", "max-steps=3,1000000", "--seeds", "2", "--n", "5", "--d", "2", "--m", "4",
                         "--time", "5", "--samples", "0", "--test-samples", "50", "--out", dir + "/r.csv"]
        let result = try runProcess(bin, arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2 cells failed"), "\(result.stdout)")
        let file = try ResultsFile(path: dir + "/r.csv")
        #expect(file.rows.keys.sorted() == [2, 3])
        #expect(file.failures.keys.sorted() == [0, 1])
        #expect(file.failures[0]!.contains("budget of 3 steps (--max-steps)"))
        let again = try runProcess(bin, arguments)
        #expect(again.stdout.contains("(0 run, 4 already in"), "\(again.stdout)")
        let merged = try runProcess(bin, ["sweep", "merge", "--out", dir + "/m.csv", dir + "/r.csv"])
        #expect(merged.stdout.contains("2 of 4 cells (and 2 failed)"), "\(merged.stdout) \(merged.stderr)")
        #expect(try ResultsFile(path: dir + "/m.csv").failures == file.failures)
    }

    @Test func aResultsFileInUseIsRefused() throws {
        let bin = try reluflowExecutable()
        let dir = try temporaryDirectory()
        let arguments = ["sweep", "--sweep", "n=4,5", "--m", "4", "--time", "1", "--samples", "0", "--test-samples", "20",
                         "--out", dir + "/r.csv"]
        #expect(try runProcess(bin, arguments).status == 0)
        let fd = open(dir + "/r.csv", O_RDONLY)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let second = try runProcess(bin, arguments)
        #expect(second.status == 1)
        #expect(second.stderr.contains("is in use by another sweep"), "\(second.stderr)")
    }

    @Test func mergeRefusesToOverwriteAnUnrelatedFileOrAnInput() throws {
        let bin = try reluflowExecutable()
        let dir = try temporaryDirectory()
        let shard = dir + "/s.csv"
        let run = try runProcess(bin, ["sweep", "--sweep", "n=4,5", "--m", "4", "--time", "1", "--samples", "0",
                                       "--test-samples", "20", "--out", shard])
        #expect(run.status == 0, "\(run.stderr)")
        let unrelated = dir + "/U.csv"
        try "mine\n".write(toFile: unrelated, atomically: true, encoding: .utf8)
        let refused = try runProcess(bin, ["sweep", "merge", "--out", unrelated, shard])
        #expect(refused.status == 1 && refused.stderr.contains("exists already"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: unrelated, encoding: .utf8) == "mine\n")
        let input = try runProcess(bin, ["sweep", "merge", "--out", shard, shard])
        #expect(input.status == 1 && input.stderr.contains("is also the input"), "\(input.stderr)")
        for _ in 0..<2 {  // an earlier merge of the same sweep is replaced (the sbatch script's tasks merge in turn)
            let merge = try runProcess(bin, ["sweep", "merge", "--out", dir + "/m.csv", shard])
            #expect(merge.status == 0, "\(merge.stderr)")
        }
        #expect(try runProcess(bin, ["sweep", "merge", "--force", "--out", unrelated, shard]).status == 0)
    }
}
