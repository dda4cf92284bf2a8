#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The rules an output path must pass before anything is written: it is not an input of the
/// same command (same device and inode, so other spellings and hard links count), not a
/// symbolic link, not a folder, device, FIFO or socket, and its folder exists.
public enum OutputPath {
  /// Throws ``OutputError`` naming the rule `path` breaks; `inputs` are the files the command
  /// reads (those that do not exist are ignored).
  public static func check(_ path: String, inputs: [String] = []) throws {
    guard !path.isEmpty else { throw OutputError(path: "''", reason: "no file name given") }
    guard path != "-" else {
      throw OutputError(
        path: "-", reason: "this option takes a file name; standard output is not supported here")
    }
    var status = stat()
    if lstat(path, &status) == 0 {
      let kind = status.st_mode & S_IFMT
      if kind == S_IFLNK {
        throw OutputError(
          path: path, reason: "it is a symbolic link; refusing to replace it (give the real path)")
      }
      if kind == S_IFDIR { throw OutputError(path: path, reason: "it is a folder") }
      if kind != S_IFREG {
        throw OutputError(
          path: path,
          reason: "it is not a regular file (a device, FIFO or socket); refusing to replace it")
      }
      for input in inputs where sameFile(path, input) {
        throw OutputError(
          path: path,
          reason: "it is also an input of this command (\(input)); refusing to overwrite it")
      }
      return
    }
    let code = errno
    guard code == ENOENT || code == ENOTDIR else {
      throw OutputError(path: path, reason: SystemError.reason(code))
    }
    let folder = folder(of: path)
    var folderStatus = stat()
    guard stat(folder, &folderStatus) == 0 else {
      let folderCode = errno
      throw OutputError(
        path: path,
        reason: folderCode == ENOENT
          ? "folder \(folder) does not exist"
          : "folder \(folder): \(SystemError.reason(folderCode))")
    }
    guard folderStatus.st_mode & S_IFMT == S_IFDIR else {
      throw OutputError(path: path, reason: "\(folder) is not a folder")
    }
  }

  /// Throws ``OutputError`` unless `path` is a folder or can be made one: it, or the nearest
  /// existing folder above it, must be a folder (a symbolic link to one counts).
  public static func checkFolder(_ path: String) throws {
    var above = path.isEmpty ? "." : path
    var status = stat()
    while stat(above, &status) != 0 {
      let code = errno
      guard code == ENOENT || code == ENOTDIR else {
        throw OutputError(path: path, reason: "\(above): \(SystemError.reason(code))")
      }
      let parent = folder(of: above)
      if parent == above { return }
      above = parent
    }
    guard status.st_mode & S_IFMT == S_IFDIR else {
      throw OutputError(path: path, reason: "\(above) is not a folder")
    }
  }

  /// True when `first` and `second` name one existing file (same device and inode), however
  /// spelled: through `..`, a symbolic link or a hard link.
  public static func sameFile(_ first: String, _ second: String) -> Bool {
    var one = stat()
    var other = stat()
    return stat(first, &one) == 0 && stat(second, &other) == 0 && one.st_dev == other.st_dev
      && one.st_ino == other.st_ino
  }

  /// The folder that holds `path` ("." for a bare name).
  static func folder(of path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return "." }
    return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
  }

  /// The last component of `path`.
  static func name(of path: String) -> Substring {
    var trimmed = Substring(path)
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
    return trimmed[trimmed.index(after: slash)...]
  }
}
