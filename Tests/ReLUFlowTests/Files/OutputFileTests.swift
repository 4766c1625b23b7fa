import Foundation
import Testing
@testable import ReLUFlow

/// Outputs never destroy a file by accident: inputs, each other, existing files, links, devices.
@Suite struct OutputFileTests {
    func refusal(_ body: () throws -> Void) -> InputError? {
        do { try body() } catch let error as InputError { return error } catch { Issue.record("unexpected \(error)") }
        return nil
    }

    @Test func outputNamingAnInputIsRefused() throws {
        let data = try temporaryFile("x1,y\n1,2\n")
        let error = refusal {
            _ = try OutputPlan(inputs: [.init("--data", data)], outputs: [.init("--save-final", data)], force: true)
        }
        #expect(error?.field == "--save-final")
        #expect(error?.value == data)
        #expect(error?.reason.contains("input --data") == true)
    }

    @Test func inputReachedThroughAnotherSpellingOrALinkIsRefused() throws {
        let data = try temporaryFile("x1,y\n1,2\n")
        let directory = (data as NSString).deletingLastPathComponent
        let link = directory + "/link.csv"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: data)
        for alias in [directory + "/./file.csv", link] {
            let error = refusal { _ = try OutputPlan(inputs: [.init("--init", data)], outputs: [.init("--trace", alias)], force: true) }
            #expect(error?.field == "--trace", "alias \(alias)")
        }
    }

    @Test func twoOutputsOnOnePathAreRefused() throws {
        let path = try temporaryDirectory() + "/out.csv"
        let error = refusal {
            _ = try OutputPlan(inputs: [], outputs: [.init("--trace", path), .init("--events", path)], force: true)
        }
        #expect(error?.field == "--events")
        #expect(error?.reason.contains("--trace") == true)
    }

    @Test func existingFileIsRefusedUnlessForced() throws {
        let path = try temporaryFile("precious\n")
        let error = refusal { _ = try OutputPlan(inputs: [], outputs: [.init("--out", path)], force: false) }
        #expect(error?.reason.contains("--force") == true)
        _ = try OutputPlan(inputs: [], outputs: [.init("--out", path)], force: true)
        _ = try OutputPlan(inputs: [], outputs: [.init("--out", "/dev/null"), .init("--trace", "/dev/null")], force: false)
    }

    @Test func directoriesAndMissingDirectoriesAreRefused() throws {
        let directory = try temporaryDirectory()
        #expect(refusal { _ = try OutputPlan(inputs: [], outputs: [.init("--out", directory)], force: true) }?
            .reason.contains("directory") == true)
        #expect(refusal { _ = try OutputPlan(inputs: [], outputs: [.init("--out", directory + "/no/x.csv")], force: true) }?
            .reason.contains("does not exist") == true)
    }

    @Test func writeThroughASymlinkKeepsTheLink() throws {
        let target = try temporaryFile("old\n")
        let link = (target as NSString).deletingLastPathComponent + "/link.csv"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "file.csv")
        try OutputFile.write("new\n", to: link, option: "--trace")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "file.csv")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new\n")
    }

    @Test func writeToADeviceWritesThroughIt() throws {
        try OutputFile.write("discarded\n", to: "/dev/null", option: "--trace")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0)
        #expect((info.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test func writeToAPipeReachesItsReader() throws {
        let fifo = try temporaryDirectory() + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        nonisolated(unsafe) var received: Data?
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let fd = open(fifo, O_RDONLY)
            var bytes: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 256)
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n <= 0 { break }
                bytes += buffer[0..<n]
            }
            close(fd)
            received = Data(bytes)
            done.signal()
        }
        try OutputFile.write("through the pipe\n", to: fifo, option: "--events")
        done.wait()
        #expect(received.map { String(decoding: $0, as: UTF8.self) } == "through the pipe\n")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
    }

    @Test func fullDiskNamesTheReason() throws {
        guard FileManager.default.isWritableFile(atPath: "/dev/full") else { return }
        let error = refusal { try OutputFile.write("x\n", to: "/dev/full", option: "--trace") }
        #expect(error?.reason.contains("No space left on device") == true, "\(String(describing: error))")
    }
}
