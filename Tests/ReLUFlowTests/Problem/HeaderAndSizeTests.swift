import Foundation
import Testing
@testable import ReLUFlow

/// Columns are read by name, files that are not CSV text are named as such, and sizes that do
/// not fit in memory are refused before anything is allocated.
@Suite struct HeaderAndSizeTests {
    func reason(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as InputError { return error.description } catch {
            Issue.record("unexpected \(error)")
        }
        return nil
    }

    @Test func dataWithoutHeaderIsRefusedNotShortened() throws {
        let path = try temporaryFile("1,2,3\n4,5,6\n")
        let message = try #require(reason { _ = try Dataset(csvPath: path) })
        #expect(message.contains("dataset") && message.contains("holds numbers, not a header") && message.contains("x1,x2,y"))
    }

    @Test(arguments: ["x2,x1,y", "a,b,c", "x1,x2,label"])
    func dataColumnsAreReadByName(header: String) throws {
        let path = try temporaryFile(header + "\n1,2,3\n")
        let message = try #require(reason { _ = try Dataset(csvPath: path) })
        #expect(message.contains("found '\(header)'"), "\(message)")
    }

    @Test func dataWithoutLabelColumnIsRefused() throws {
        let path = try temporaryFile("x1,x2\n1,2\n")
        #expect(reason { _ = try Dataset(csvPath: path) }?.contains("x1,y") == true)
    }

    @Test func networkColumnsAreReadByName() throws {
        let path = try temporaryFile("w1,w2,a\n1,2,3\n")
        #expect(reason { _ = try Network(csvPath: path) }?.contains("a,w1,w2") == true)
    }

    @Test func dataFileGivenAsInitIsNamed() throws {
        let path = try temporaryFile("x1,x2,y\n1,2,3\n")
        #expect(reason { _ = try Network(csvPath: path) }?.contains("looks like a data file") == true)
        let other = try temporaryFile("a,b,c\n1,2,3\n")
        #expect(reason { _ = try Dataset(csvPath: other) }?.contains("looks like") == false)
        let net = try temporaryFile("a,w1\n1,2\n")
        #expect(reason { _ = try Dataset(csvPath: net) }?.contains("looks like a network file") == true)
    }

    @Test func headerCaseAndSpacesAreAccepted() throws {
        let path = try temporaryFile(" X1 , Y \n1,2\n")
        #expect(try Dataset(csvPath: path) == makeData(x: [[1]], y: [2]))
    }

    @Test func binaryFileAndDirectoryAreNamed() throws {
        let binary = try temporaryFile("x")
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01, 0xFF]).write(to: URL(fileURLWithPath: binary))
        #expect(reason { _ = try Dataset(csvPath: binary) }?.contains("binary file") == true)
        let directory = try temporaryDirectory()
        #expect(reason { _ = try Dataset(csvPath: directory) }?.contains("is a directory") == true)
        let latin1 = try temporaryFile("x")
        try Data([0x78, 0x31, 0x2C, 0x79, 0x0A, 0xE9, 0x2C, 0x31, 0x0A]).write(to: URL(fileURLWithPath: latin1))
        #expect(reason { _ = try Dataset(csvPath: latin1) }?.contains("not UTF-8") == true)
    }

    @Test func hugeWidthIsRefusedBeforeAllocation() throws {
        let message = try #require(reason {
            _ = try Initialization(scale: 1, seed: 1).network(width: Int.max, dimension: 3)
        })
        #expect(message.contains("width") && message.contains("overflows"))
        let large = try #require(reason {
            _ = try Initialization(scale: 1, seed: 1).network(width: 1 << 40, dimension: 3)
        })
        #expect(large.contains("would need") && large.contains("TB"), "\(large)")
    }

    @Test func hugeSampleCountIsRefusedBeforeAllocation() throws {
        for (n, d) in [(Int.max, 3), (3, Int.max), (1 << 40, 2)] {
            let message = try #require(reason { _ = try Teacher.linear(inputs: .gaussian).sample(n: n, d: d, noise: 0, seed: 1) })
            #expect(message.contains("n, d"), "\(message)")
        }
    }

    @Test func integrationMemoryIsCheckedAgainstTheMachine() throws {
        let problem = try randomProblem(n: 4, d: 2, m: 3, lambda: 0.5, seed: 1)
        try problem.requireMemory(for: SolverOptions(endTime: 1))
        let options = try SolverOptions(endTime: 1, logSpacedSamples: Int.max / 8)
        #expect(reason { try problem.requireMemory(for: options) }?.contains("logSpacedSamples") == true)
    }

    @Test func alphaWhoseLossScaleUnderflowsIsRefused() throws {
        for alpha in [1e300, 1e-300] {
            #expect(reason { _ = try OutputScaling(alpha: alpha) }?.contains("alpha = \(alpha)") == true)
        }
        #expect(try OutputScaling(alpha: 1e4).lossScale == 1e-8)
    }

    @Test func labelWhoseLossOverflowsIsRefused() throws {
        let data = try makeData(x: [[1, 0], [0, 1]], y: [1, 1e300])
        let net = try makeNetwork(a: [1], w: [[1, 0]])
        let message = try #require(reason { _ = try FlowProblem(data: data, initial: net) })
        #expect(message.contains("y of sample 2 = 1e+300") && message.contains("overflows"), "\(message)")
    }
}
