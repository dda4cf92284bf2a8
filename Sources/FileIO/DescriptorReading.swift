#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads from `descriptor` until `capacity` bytes are read or the file ends, retrying short
/// reads and `EINTR`: fewer than `capacity` bytes means the end of the file was reached. Nil
/// when a read fails (the caller names the file and the reason).
///
/// ```swift
/// // A file of `size` bytes, read with one byte more to see its end:
/// guard let bytes = readBlock(from: file, upTo: size + 1), bytes.count <= size else { … }
/// ```
public func readBlock(from descriptor: Int32, upTo capacity: Int) -> [UInt8]? {
  var failed = false
  let bytes = [UInt8](unsafeUninitializedCapacity: max(capacity, 0)) { buffer, count in
    guard let start = buffer.baseAddress else { return }
    while count < buffer.count {
      let (got, error) = SystemError.retrying {
        read(descriptor, start + count, buffer.count - count)
      }
      if error != nil {
        failed = true
        return
      }
      if got == 0 { return }
      count += got
    }
  }
  return failed ? nil : bytes
}
