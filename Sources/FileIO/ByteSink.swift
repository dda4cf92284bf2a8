/// Somewhere bytes go that can fail with an ``OutputError``: an ``OutputFile`` or
/// ``StandardOutput``.
public protocol ByteSink: AnyObject {
  /// Writes all of `bytes`, or throws ``OutputError`` saying why not.
  func write(_ bytes: UnsafeRawBufferPointer) throws
}

extension ByteSink {
  /// Writes all of `bytes`.
  public func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try write($0) }
  }

  /// Writes `text` as UTF-8.
  public func write(_ text: String) throws {
    var text = text
    try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes all of `bytes` to `descriptor`, retrying short writes and `EINTR`.
func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, name: String) throws {
  guard var next = bytes.baseAddress else { return }
  var left = bytes.count
  while left > 0 {
    let (written, error) = SystemError.retrying { write(descriptor, next, left) }
    if let error { throw OutputError(path: name, reason: SystemError.reason(error)) }
    guard written > 0 else { throw OutputError(path: name, reason: "nothing could be written") }
    next += written
    left -= written
  }
}
