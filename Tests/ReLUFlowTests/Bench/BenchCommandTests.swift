import Foundation
import Testing
@testable import ReLUFlow

@Suite("reluflow bench end to end", .serialized)
struct BenchCommandTests {
    /// The CSV rows of a bench run as dictionaries keyed by the header.
    private func rows(_ path: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        return lines.dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }

    @Test func quickestCaseRunsWithBothPeersFoundInTheProject() throws {
        let directory = try temporaryDirectory()
        let csv = directory + "/bench.csv", files = directory + "/files"
        let steps = [1e-2, 5e-3, 2.5e-3]
        // No peer path given: the bench finds bench/peers itself. rtol 1e-3 keeps solve_ivp, which
        // chatters along the small case's sliding surface, to a fraction of a second.
        let result = try runProcess(try reluflowExecutable(),
                                    ["bench", "--cases", "small", "--quick", "--parts", "table", "--methods", "rk8pd",
                                     "--rtols", "1e-3", "--peer-methods", "RK45",
                                     "--gd-steps", steps.map { "\($0)" }.joined(separator: ","),
                                     "--out", csv, "--work-dir", files], timeout: 300)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(!result.stdout.contains("not run"), "\(result.stdout)")
        let table = try rows(csv)
        let flow = table.filter { $0["solver"] == "ReLUFlow" }
        let scipy = table.filter { $0["solver"] == "scipy" }
        let descent = table.filter { $0["solver"] == "numpy" }
        #expect(flow.count == 1 && scipy.count == 1 && descent.count == 3)
        #expect(table.allSatisfy { $0["outcome"] == "\"finished\"" }, "\(table)")
        // Against the independent reference (Richardson-extrapolated gradient descent in Swift,
        // steps 2e-5 and 1e-5) ReLUFlow and solve_ivp land near their tolerance.
        for row in flow + scipy {
            #expect(try #require(Double(row["loss_error"] ?? "")) < 1e-4, "\(row)")
        }
        // numpy's gradient descent takes the same steps as ReLUFlow's own Euler loop (a second
        // implementation in Swift) on the files it read: the same final network up to rounding.
        let problem = try FlowProblem(data: Dataset(csvPath: files + "/small-data.csv"),
                                      initial: Network(csvPath: files + "/small-init.csv"))
        for step in steps {
            let theirs = try Network(csvPath: files + "/small-gd-\(step).csv").parameterVector
            let ours = EulerReference.descend(problem, step: step, time: 50)
            let scale = ours.reduce(0) { max($0, abs($1)) }
            let gap = zip(theirs, ours).reduce(0) { max($0, abs($1.0 - $1.1)) }
            #expect(theirs.count == ours.count && gap < 1e-10 * scale, "step \(step): gap \(gap)")
        }
        #expect(result.stdout.contains("observed order"))
        #expect(result.stdout.contains("as accurate as ReLUFlow's best"))
    }

    @Test func unknownCaseIsNamed() throws {
        let result = try runProcess(try reluflowExecutable(), ["bench", "--cases", "tiny", "--no-peer"], timeout: 60)
        #expect(result.status != 0)
        #expect(result.stderr.contains("--cases = tiny"), "\(result.stderr)")
        #expect(result.stderr.contains("scale"))
    }
}
