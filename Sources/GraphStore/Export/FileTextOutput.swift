import Foundation

/// A buffered text stream into a file (64 KiB at a time), for exports and corpora written a
/// record at a time. Call ``flush()`` before closing the handle.
public struct FileTextOutput: TextOutputStream {
  private let handle: FileHandle
  private var buffer: [UInt8] = []

  /// A stream into `handle`.
  public init(_ handle: FileHandle) {
    self.handle = handle
    buffer.reserveCapacity(1 << 16)
  }

  /// Appends `string`'s UTF-8 bytes.
  public mutating func write(_ string: String) {
    buffer.append(contentsOf: string.utf8)
    if buffer.count >= 1 << 16 { flush() }
  }

  /// Writes what is buffered.
  public mutating func flush() {
    guard !buffer.isEmpty else { return }
    handle.write(Data(buffer))
    buffer.removeAll(keepingCapacity: true)
  }
}
