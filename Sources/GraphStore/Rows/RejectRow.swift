/// A row of `reject`: an input that could not be read, with the reason.
public struct RejectRow: Sendable, Hashable {
  /// The source it belongs to; nil for a source that could not be read at all.
  public var source: Int64?
  /// The file.
  public var file: String
  /// The record within the source (empty for a whole file or source).
  public var record: String
  /// Why it was rejected.
  public var reason: String

  /// A reject row.
  public init(source: Int64?, file: String, record: String = "", reason: String) {
    self.source = source
    self.file = file
    self.record = record
    self.reason = reason
  }
}
