import Foundation

/// Where commands write: results to standard output, progress and errors to standard error.
enum Output {
  /// Writes one line to standard output.
  static func line(_ text: String = "") {
    print(text)
  }

  /// Writes one line to standard error (progress, warnings, errors).
  static func error(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  /// Encodes a value as pretty, key-sorted JSON on standard output.
  static func json<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
  }
}
