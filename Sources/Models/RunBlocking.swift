import Foundation

/// Runs async work (a model, an agent) from synchronous code — the command line, benchmarks —
/// and waits for its result.
public func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
  let box = ResultBox<T>()
  let done = DispatchSemaphore(value: 0)
  Task {
    do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
    done.signal()
  }
  done.wait()
  return try box.result!.get()
}

/// Carries a result out of a task (written once before the semaphore is signalled).
final class ResultBox<T>: @unchecked Sendable {
  var result: Result<T, any Error>?
}
