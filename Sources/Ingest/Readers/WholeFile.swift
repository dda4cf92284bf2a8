import Foundation

/// A file that a trace format makes a reader take whole (one JSON per episode, a DroidBot
/// state, a Mobile3M app's page index), read only when its size is within a limit, so that one
/// oversized file cannot take the memory of an ingest.
enum WholeFile {
  /// 64 MB: far above any real episode record, state or app index (Mobile3M's largest apps
  /// index tens of thousands of pages in a few MB).
  static let defaultLimit = 64 << 20

  /// The file's bytes; nil when it cannot be read (the caller says what it expected).
  /// - Throws: ``IngestError`` naming the file when it is larger than `limit` bytes.
  static func contents(_ path: String, limit: Int = defaultLimit) throws -> Data? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    if status.st_size > limit {
      throw IngestError(
        source: path,
        reason:
          "the file is \(megabytes(Int(clamping: status.st_size))), more than the "
          + "\(megabytes(limit)) a reader takes whole")
    }
    return FileManager.default.contents(atPath: path)
  }

  /// `1.5 MB` style, for messages.
  static func megabytes(_ bytes: Int) -> String {
    let value = Double(bytes) / Double(1 << 20)
    return value >= 10 ? "\(Int(value.rounded())) MB" : String(format: "%.1f MB", value)
  }
}
