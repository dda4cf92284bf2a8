import FileIO
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The look-ups of the file system that recognising a folder's layout and opening its reader
/// make for every source, each one system call with no Foundation object around it.
///
/// `FileManager` and `URL` cost several times the call they make: `contentsOfDirectory` builds
/// its names through Foundation, `URL(fileURLWithPath:)` looks the path up on disk to tell a
/// folder, and reading an absent file with `String(contentsOfFile:)` builds an error. On a
/// source of a few steps these were most of what a source cost beyond its steps.
enum FileLookup {
  /// What is at a path: a folder, or anything else (a file, a device, …).
  enum Kind {
    case folder, file
  }

  /// What is at `path`, following symbolic links (as `FileManager.fileExists(atPath:
  /// isDirectory:)`); nil when nothing is, or it cannot be looked up.
  static func kind(_ path: String) -> Kind? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    return status.st_mode & S_IFMT == S_IFDIR ? .folder : .file
  }

  /// True when something is at `path`, following symbolic links (as
  /// `FileManager.fileExists(atPath:)`).
  static func exists(_ path: String) -> Bool {
    kind(path) != nil
  }

  /// The names in `folder` but `.` and `..`, in the order the system lists them (as
  /// `FileManager.contentsOfDirectory(atPath:)`); nil when it cannot be listed.
  static func names(in folder: String) -> [String]? {
    guard let directory = opendir(folder) else { return nil }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        let bytes = raw.bindMemory(to: UInt8.self)
        let length = bytes.firstIndex(of: 0) ?? bytes.count
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<length]), as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  /// The last component of `path`, as `URL(fileURLWithPath:).lastPathComponent` gives it; cut
  /// from the text when the path is absolute and plain (``IngestSource/isStandardAbsolute(_:)``:
  /// a command's sources are), which is where `URL` would look the path up on disk.
  static func lastComponent(_ path: String) -> String {
    guard IngestSource.isStandardAbsolute(path),
      let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
    else { return URL(fileURLWithPath: path).lastPathComponent }
    return String(path[path.utf8.index(after: slash)...])
  }

  /// The text of a file, as `try? String(contentsOfFile: path, encoding: .utf8)` gives it: nil
  /// when it is absent, a folder, unreadable or not UTF-8. A regular file of at most `limit`
  /// bytes is read with one `open`, `fstat` and `read` (an absent one costs one `open`), any
  /// other through Foundation.
  static func text(_ path: String, limit: Int = 1 << 20) -> String? {
    // Not blocked by a FIFO (as Foundation opens it).
    let file = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard file >= 0 else { return nil }
    defer { close(file) }
    var status = stat()
    guard fstat(file, &status) == 0, status.st_mode & S_IFMT != S_IFDIR else { return nil }
    guard status.st_mode & S_IFMT == S_IFREG, status.st_size >= 0, status.st_size <= limit,
      let bytes = smallFile(file, size: Int(status.st_size))
    else { return try? String(contentsOfFile: path, encoding: .utf8) }
    return String(data: Data(bytes), encoding: .utf8)
  }

  /// The bytes of the open file of `size` bytes; nil when reading fails or the file has grown.
  private static func smallFile(_ file: Int32, size: Int) -> [UInt8]? {
    // One byte more than the size, to see the end of the file.
    guard let bytes = readBlock(from: file, upTo: size + 1), bytes.count <= size else {
      return nil
    }
    return bytes
  }
}
