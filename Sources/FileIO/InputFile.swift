import Foundation

/// Reading a whole input file with an error that says why it cannot be read.
public enum InputFile {
  /// The bytes of the file at `path`.
  /// - Throws: ``InputError``: "no such file or directory", "it is a folder", "permission
  ///   denied"…
  public static func contents(_ path: String) throws -> Data {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
      throw InputError(path: path, reason: "it is a folder")
    }
    do {
      return try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw InputError(path: path, reason: PlainErrorText.reason(error))
    }
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
