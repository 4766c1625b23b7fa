import Foundation

/// The files one command reads and writes, checked before any work so that no output destroys
/// a file by accident. Refused: an output that is one of the command's inputs, an output given
/// twice, an output that is a directory or lies in a missing directory, and an existing regular
/// file (unless `force`). Device files and pipes (`/dev/null`, `/dev/stdout`) are always allowed:
/// they are written through, not replaced. Paths are compared as files (links and hard links
/// followed), not as text.
public struct OutputPlan: Sendable {
    /// A command-line path and the option that gave it.
    public struct Path: Sendable {
        public let option: String
        public let path: String

        public init(_ option: String, _ path: String) {
            self.option = option
            self.path = path
        }
    }

    public let inputs: [Path]
    public let outputs: [Path]

    /// - Parameters:
    ///   - inputs: the files the command reads (nil entries are options not given).
    ///   - outputs: the files it writes.
    ///   - force: allow replacing existing regular files (never an input, never twice).
    /// - Throws: `InputError` naming the option and the path.
    public init(inputs: [Path], outputs: [Path], force: Bool) throws {
        for (k, output) in outputs.enumerated() {
            let identity = FileIdentity(output.path)
            if identity.isDirectory {
                throw InputError(field: output.option, value: output.path, reason: "is a directory; give a file name")
            }
            guard identity.exists || identity.parentExists else {
                throw InputError(field: output.option, value: output.path,
                                 reason: "its directory \(identity.parent) does not exist")
            }
            guard !identity.isSpecial else { continue }
            if let input = inputs.first(where: { FileIdentity($0.path) == identity }) {
                throw InputError(field: output.option, value: output.path,
                                 reason: "is also the input \(input.option) \(input.path): writing it would destroy the input")
            }
            if let other = outputs[..<k].first(where: { FileIdentity($0.path) == identity }) {
                throw InputError(field: output.option, value: output.path,
                                 reason: "is also the output \(other.option) \(other.path): one would overwrite the other")
            }
            if identity.exists, !force {
                throw InputError(field: output.option, value: output.path,
                                 reason: "exists already; give another path, or --force to replace it")
            }
        }
        self.inputs = inputs
        self.outputs = outputs
    }
}

/// What a path names: for an existing file its device and inode (following links), otherwise
/// its absolute path with the directory's links resolved.
struct FileIdentity: Equatable {
    let exists: Bool
    let isDirectory: Bool
    /// An existing file that is neither regular nor a directory (a device, a pipe, a socket).
    let isSpecial: Bool
    let parent: String
    let parentExists: Bool
    private let key: String

    init(_ path: String) {
        var info = stat()
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        parent = (absolute as NSString).deletingLastPathComponent
        var parentInfo = stat()
        parentExists = stat(parent.isEmpty ? "/" : parent, &parentInfo) == 0 && (parentInfo.st_mode & S_IFMT) == S_IFDIR
        if stat(path, &info) == 0 {
            exists = true
            let kind = info.st_mode & S_IFMT
            isDirectory = kind == S_IFDIR
            isSpecial = kind != S_IFDIR && kind != S_IFREG
            key = "inode \(info.st_dev):\(info.st_ino)"
        } else {
            exists = false
            isDirectory = false
            isSpecial = false
            let name = (absolute as NSString).lastPathComponent
            key = "path " + (URL(fileURLWithPath: parent).resolvingSymlinksInPath().path as NSString)
                .appendingPathComponent(name)
        }
    }

    static func == (a: FileIdentity, b: FileIdentity) -> Bool { a.key == b.key }
}
