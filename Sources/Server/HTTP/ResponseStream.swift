#if canImport(Glibc)
  import Glibc
#endif

/// Where a streamed body is written: text goes down a pipe to libmicrohttpd in 64 KiB pieces as
/// it is produced, so a large export never sits whole in memory. When the client goes away the
/// writes fail and ``failed`` turns true; later text is dropped.
public struct ResponseStream: TextOutputStream {
  private let descriptor: Int32
  private var buffer: [UInt8] = []
  /// True once a write failed (the client closed the connection).
  public private(set) var failed = false

  init(descriptor: Int32) {
    self.descriptor = descriptor
    buffer.reserveCapacity(1 << 16)
  }

  public mutating func write(_ string: String) {
    guard !failed else { return }
    buffer.append(contentsOf: string.utf8)
    if buffer.count >= 1 << 16 { flush() }
  }

  /// Sends what is buffered.
  mutating func flush() {
    guard !failed else { return }
    buffer.withUnsafeBytes { bytes in
      var next = 0
      while next < bytes.count {
        let written = Glibc.write(descriptor, bytes.baseAddress! + next, bytes.count - next)
        if written < 0, errno == EINTR { continue }
        guard written > 0 else {
          failed = true
          return
        }
        next += written
      }
    }
    buffer.removeAll(keepingCapacity: true)
  }
}
