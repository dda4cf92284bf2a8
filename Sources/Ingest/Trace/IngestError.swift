/// Why a source could not be ingested at all (a single bad page is a reject, not an error).
public struct IngestError: Error, CustomStringConvertible, Sendable {
  /// The file or folder.
  public var source: String
  /// What is wrong.
  public var reason: String

  /// An error for `source`.
  public init(source: String, reason: String) {
    self.source = source
    self.reason = reason
  }

  public var description: String { "\(source): \(reason)" }
}
