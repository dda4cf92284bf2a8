import FileIO
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Where commands write: results to standard output, progress and errors to standard error.
///
/// Standard output is written with `write(2)` (``StandardOutput``): a full disk or a closed
/// pipe never crashes the process. A failed ``line(_:)`` is kept and reported once the command
/// ends (exit 1); ``json(_:)`` throws at once.
enum Output {
  /// Writes one line to standard output.
  static func line(_ text: String = "") {
    try? StandardOutput.shared.write(text + "\n")
  }

  /// Writes one line to standard error (progress, warnings, errors). A standard error that
  /// cannot be written is ignored: there is nowhere left to say so.
  static func error(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { bytes in
      var next = 0
      while next < bytes.count {
        let written = write(2, bytes.baseAddress! + next, bytes.count - next)
        if written < 0, errno == EINTR { continue }
        guard written > 0 else { return }
        next += written
      }
    }
  }

  /// Encodes a value as pretty, key-sorted JSON on standard output.
  /// - Throws: ``OutputError`` when standard output cannot be written.
  static func json<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    var data = try encoder.encode(value)
    data.append(UInt8(ascii: "\n"))
    try data.withUnsafeBytes { try StandardOutput.shared.write($0) }
  }

  /// The first failed write to standard output, if any.
  static var standardOutputFailure: OutputError? { StandardOutput.shared.failure }
}
