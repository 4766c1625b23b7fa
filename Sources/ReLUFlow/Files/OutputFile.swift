import Foundation

/// Writes a command's output text to a path without ever destroying what the path names by
/// accident: a regular file (or a path that does not exist yet) is replaced atomically (written
/// to a temporary file beside it, synced, renamed into place; through a symbolic link, the link's
/// target is replaced and the link kept); any other file (a device, a pipe) is written through.
public enum OutputFile {
    /// Writes `text` to `path`; `option` names the path in errors (`--trace`).
    /// - Throws: `InputError` naming the option, the path and the system's reason.
    public static func write(_ text: String, to path: String, option: String) throws {
        let bytes = Array(text.utf8)
        let target = resolvedTarget(path)
        var info = stat()
        if stat(target, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            guard (info.st_mode & S_IFMT) != S_IFDIR else {
                throw InputError(field: option, value: path, reason: "is a directory; give a file name")
            }
            let fd = open(target, O_WRONLY)
            guard fd >= 0 else { throw failure(option, path, "cannot open for writing") }
            defer { close(fd) }
            try writeAll(bytes, to: fd, option: option, path: path)
            return
        }
        let temporary = target + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw failure(option, path, "cannot create a file beside it") }
        do {
            try writeAll(bytes, to: fd, option: option, path: path)
            guard fsync(fd) == 0 else { throw failure(option, path, "cannot sync") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, target) == 0 else {
            let error = failure(option, path, "cannot rename the written file into place")
            unlink(temporary)
            throw error
        }
    }

    /// Writes every byte of `bytes` to `fd`, retrying short writes and interrupted calls.
    static func writeAll(_ bytes: [UInt8], to fd: Int32, option: String, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(option, path, "write failed")
            }
            guard n > 0 else {
                throw InputError(field: option, value: path, reason: "write failed (no bytes written: is the disk full?)")
            }
            offset += n
        }
    }

    /// The path that a write to `path` should replace: the final target of a chain of symbolic
    /// links (even a dangling one), or `path` itself.
    static func resolvedTarget(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length > 0 else { return current }
            let link = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let directory = (current as NSString).deletingLastPathComponent
            current = link.hasPrefix("/") || directory.isEmpty ? link : directory + "/" + link
        }
        return current
    }

    /// An error with the system's reason for the last failed call (errno).
    static func failure(_ option: String, _ path: String, _ what: String) -> InputError {
        InputError(field: option, value: path, reason: "\(what) (\(String(cString: strerror(errno))))")
    }
}
