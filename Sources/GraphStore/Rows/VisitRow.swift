/// A row of `visit`: one recorded screen, the unique page it folded into, and how.
public struct VisitRow: Sendable, Hashable {
  /// The source that recorded it.
  public var source: Int64
  /// Its app.
  public var app: Int64
  /// Its record (unique within the source).
  public var record: String
  /// Its name, when the trace gave one.
  public var name: String?
  /// The visit it was reached from.
  public var parentVisit: Int64?
  /// Its depth from the launch screen (1 for the launch screen).
  public var depth: Int64
  /// The unique page it shows.
  public var page: Int64
  /// The page-identity rule that matched it (`new`, `exact`, `parent`, `retrieved`).
  public var matchedBy: String
  /// Jaccard similarity with the matched page.
  public var jaccard: Double?
  /// Pixel-difference ratio with the matched page.
  public var pixelDifference: Double?
  /// Its dump.
  public var xmlPath: String?
  /// Its screenshot.
  public var screenshotPath: String?
  /// The digest of its screenshot's bytes.
  public var screenshotDigest: Int64?
  /// The hash of its compact-HTML line set.
  public var lineSetHash: Int64

  /// A visit row.
  public init(
    source: Int64, app: Int64, record: String, name: String?, parentVisit: Int64?, depth: Int64,
    page: Int64, matchedBy: String, jaccard: Double? = nil, pixelDifference: Double? = nil,
    xmlPath: String? = nil, screenshotPath: String? = nil, screenshotDigest: Int64? = nil,
    lineSetHash: Int64
  ) {
    self.source = source
    self.app = app
    self.record = record
    self.name = name
    self.parentVisit = parentVisit
    self.depth = depth
    self.page = page
    self.matchedBy = matchedBy
    self.jaccard = jaccard
    self.pixelDifference = pixelDifference
    self.xmlPath = xmlPath
    self.screenshotPath = screenshotPath
    self.screenshotDigest = screenshotDigest
    self.lineSetHash = lineSetHash
  }
}

/// Where a recorded visit is: its id, page, app and depth (what a child step needs).
public struct RecordedVisit: Sendable, Hashable {
  /// The visit's row id.
  public var visit: Int64
  /// The unique page it shows.
  public var page: Int64
  /// Its app.
  public var app: Int64
  /// Its depth.
  public var depth: Int64

  /// A recorded visit.
  public init(visit: Int64, page: Int64, app: Int64, depth: Int64) {
    self.visit = visit
    self.page = page
    self.app = app
    self.depth = depth
  }
}
