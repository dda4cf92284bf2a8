import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Reading a whole input file with an error that says why it cannot be read.
public enum InputFile {
  /// The bytes of the file at `path`.
  /// - Throws: ``InputError``: "no such file or directory", "it is a folder", "permission
  ///   denied"…
  public static func contents(_ path: String) throws -> Data {
    try checkReadable(path)
    do {
      return try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw InputError(path: path, reason: PlainErrorText.reason(error))
    }
  }

  /// Throws ``InputError`` unless `path` is a file this process can open for reading: "no
  /// such file or directory", "it is a folder", "permission denied"…
  public static func checkReadable(_ path: String) throws {
    var status = stat()
    guard stat(path, &status) == 0 else {
      throw InputError(path: path, reason: SystemError.reason(errno))
    }
    if status.st_mode & S_IFMT == S_IFDIR {
      throw InputError(path: path, reason: "it is a folder")
    }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { throw InputError(path: path, reason: SystemError.reason(errno)) }
    close(descriptor)
  }

  /// The file at `path` as UTF-8 text.
  /// - Throws: ``InputError``, also when the bytes are not UTF-8.
  public static func text(_ path: String) throws -> String {
    let data = try contents(path)
    guard let text = String(data: data, encoding: .utf8) else {
      throw InputError(path: path, reason: "not UTF-8 text")
    }
    return text
  }
}
