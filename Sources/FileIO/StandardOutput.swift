import Synchronization

/// Standard output as a ``ByteSink``, written unbuffered with `write(2)` so that a full disk or
/// a closed pipe is an ``OutputError`` ("cannot write standard output: broken pipe") instead
/// of a crash. The first failure is kept (``failure``) so a caller that cannot throw can report
/// it at the end.
public final class StandardOutput: ByteSink, Sendable {
  /// The process's standard output.
  public static let shared = StandardOutput(descriptor: 1)

  private let descriptor: Int32
  private let firstFailure = Mutex<OutputError?>(nil)

  private init(descriptor: Int32) { self.descriptor = descriptor }

  /// The first write that failed, if any.
  public var failure: OutputError? { firstFailure.withLock { $0 } }

  /// Writes all of `bytes`; after a failure nothing more is attempted.
  /// - Throws: ``OutputError`` about "standard output".
  public func write(_ bytes: UnsafeRawBufferPointer) throws {
    if let failure { throw failure }
    do {
      try writeAll(bytes, to: descriptor, name: "standard output")
    } catch let error as OutputError {
      firstFailure.withLock { if $0 == nil { $0 = error } }
      throw error
    }
  }
}
