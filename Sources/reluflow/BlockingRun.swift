import Foundation

/// Runs an async operation from synchronous code (a command's `run()`) and waits for it; the
/// operation's child tasks run on the cooperative pool meanwhile.
func blockingRun<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await operation()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// The result handed from the task to the waiting thread (written once, before the signal).
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    var result: Result<T, Error>?
}
