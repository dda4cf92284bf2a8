import FileIO
import Foundation

/// A dump file's bytes for ``UITree/init(contentsOf:limits:)``: read with one `open`, `fstat`
/// and `read` into an array of its size (Foundation's `contents(atPath:)` and the existence
/// check before it cost more than the read on a dump of a few kilobytes).
enum DumpFile {
  /// The bytes of the file at `path`.
  /// - Throws: ``UIHierarchyError`` `.unreadable` naming `path`: no such file, a directory, or
  ///   a file that cannot be read.
  static func contents(_ path: String) throws -> [UInt8] {
    let file = open(path, O_RDONLY | O_CLOEXEC)
    guard file >= 0 else {
      // Told apart as `UITree(contentsOf:)` does: missing, a folder, or unreadable.
      var status = stat()
      guard stat(path, &status) == 0 else { throw unreadable(path, "no such file") }
      throw unreadable(
        path, status.st_mode & S_IFMT == S_IFDIR ? "is a directory" : ioError)
    }
    defer { close(file) }
    var status = stat()
    guard fstat(file, &status) == 0 else { throw unreadable(path, ioError) }
    guard status.st_mode & S_IFMT != S_IFDIR else { throw unreadable(path, "is a directory") }
    // Read into an array of the size at the start, plus one byte to see the end of the file
    // (a file that grew meanwhile is read on to its end).
    var bytes: [UInt8] = []
    var capacity = min(max(Int(clamping: status.st_size), 0), Int.max - 1) + 1
    while true {
      guard let block = readBlock(from: file, upTo: capacity) else {
        throw unreadable(path, ioError)
      }
      let isComplete = block.count < capacity
      if bytes.isEmpty { bytes = block } else { bytes += block }
      if isComplete { return bytes }
      capacity = 1 << 16
    }
  }

  private static let ioError = "permission denied or I/O error"

  private static func unreadable(_ path: String, _ reason: String) -> UIHierarchyError {
    UIHierarchyError(source: path, reason: .unreadable(reason))
  }
}
