import Foundation

/// A buffered text stream into a file handle (64 KiB at a time), for streamed exports.
struct FileOutput: TextOutputStream {
  private let handle: FileHandle
  private var buffer: [UInt8] = []

  init(_ handle: FileHandle) {
    self.handle = handle
    buffer.reserveCapacity(1 << 16)
  }

  mutating func write(_ string: String) {
    buffer.append(contentsOf: string.utf8)
    if buffer.count >= 1 << 16 { flush() }
  }

  /// Writes what is buffered.
  mutating func flush() {
    guard !buffer.isEmpty else { return }
    handle.write(Data(buffer))
    buffer.removeAll(keepingCapacity: true)
  }
}
