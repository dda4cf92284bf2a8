/// A row of `source`: one recorded trace (a folder, a file, a crawl, a merged graph's source),
/// known by its fingerprint.
public struct SourceRow: Sendable, Hashable {
  /// Where an ingest of a source stands.
  public enum Status: String, Sendable {
    /// Being ingested (or interrupted).
    case running
    /// Every step recorded.
    case done
  }

  /// Its row id (nil before it is written).
  public var id: Int64?
  /// The path the steps came from.
  public var path: String
  /// The reader's name (`episode`, `crawl`, `synthetic`, …).
  public var format: String
  /// What makes the source itself (format and absolute path): a source already recorded is
  /// found by it.
  public var fingerprint: String
  /// Where its ingest stands.
  public var status: Status

  /// A source row.
  public init(
    id: Int64? = nil, path: String, format: String, fingerprint: String,
    status: Status = .running
  ) {
    self.id = id
    self.path = path
    self.format = format
    self.fingerprint = fingerprint
    self.status = status
  }
}
