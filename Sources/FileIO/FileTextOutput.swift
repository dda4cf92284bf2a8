/// A buffered text stream (64 KiB at a time) into a ``ByteSink``, for exports and corpora
/// written a record at a time. `TextOutputStream.write` cannot throw, so the first failure is
/// kept: nothing more is written after it, and ``flush()`` and ``check()`` throw it. Call
/// ``flush()`` at the end.
public struct FileTextOutput: TextOutputStream {
  private let sink: any ByteSink
  private var buffer: [UInt8] = []
  /// The first write that failed, if any.
  public private(set) var failure: (any Error)?

  /// A stream into `sink`.
  public init(_ sink: any ByteSink) {
    self.sink = sink
    buffer.reserveCapacity(1 << 16)
  }

  /// Appends `string`'s UTF-8 bytes (nothing once a write has failed).
  public mutating func write(_ string: String) {
    guard failure == nil else { return }
    buffer.append(contentsOf: string.utf8)
    if buffer.count >= 1 << 16 { try? flush() }
  }

  /// Throws the first failure, if a write has failed.
  public func check() throws {
    if let failure { throw failure }
  }

  /// Writes what is buffered.
  /// - Throws: the first failure (an ``OutputError``).
  public mutating func flush() throws {
    try check()
    guard !buffer.isEmpty else { return }
    do {
      try sink.write(buffer)
    } catch {
      failure = error
      buffer = []
      throw error
    }
    buffer.removeAll(keepingCapacity: true)
  }
}
