import Foundation
import Testing
@testable import ReLUFlow

@Suite("The bench's peers, found in the project and tested there")
struct BenchPeersTests {
    /// The interpreter the bench would choose (a clear failure naming what is missing otherwise).
    static func python() throws -> String {
        switch BenchPeers.interpreter() {
        case .success(let found): return found
        case .failure(let missing): throw CommandLineTestError(message: missing.description)
        }
    }

    @Test func bothPeersAreFoundInTheRepository() throws {
        for script in [BenchPeers.scipyScript, BenchPeers.gradientDescentScript] {
            let path = try #require(BenchPeers.locate(script, executable: nil))
            #expect(path.hasSuffix("bench/peers/" + script))
        }
    }

    @Test func peersPassTheirOwnTests() throws {
        // bench/peers/test_peers.py: finite-difference gradient, closed-form one-neuron flow,
        // first-order convergence of gradient descent, its buffered steps against the plain
        // gradient's, least-squares limit, command lines.
        let folder = try #require(BenchPeers.locate("test_peers.py", executable: nil))
        let result = try runProcess("/usr/bin/env", [try Self.python(), folder], timeout: 300)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("6 peer tests passed"))
    }

    @Test func aMissingInterpreterIsNamedWithWhatItLacks() {
        guard case .failure(let missing) = BenchPeers.interpreter(candidates: ["no-such-python-3"]) else {
            Issue.record("a nonexistent interpreter was accepted")
            return
        }
        #expect(missing.description.contains("no-such-python-3"))
        #expect(missing.description.contains("numpy and scipy"))
    }
}
