/// A row of `crawl_page`: a page of the crawl's frontier, with the action path that reaches it.
public struct CrawlPageRow: Sendable, Hashable {
  /// Its row id (nil before it is written).
  public var id: Int64?
  /// The app crawled.
  public var app: String
  /// The screen's name (unique within the app).
  public var name: String
  /// The action path from the launch page, as the crawler encodes it (a JSON array).
  public var path: String
  /// The unique page it shows.
  public var page: Int64
  /// Its depth.
  public var depth: Int64
  /// The visit record of the screen.
  public var record: String
  /// The worker expanding it now (a ``CrawlClaimant`` id), nil when none.
  public var claimedBy: String?
  /// Actions of its action space not tried yet, nil before its space was recorded (read with
  /// the pages to expand).
  public var untriedActions: Int64?

  /// A frontier row.
  public init(
    id: Int64? = nil, app: String, name: String, path: String, page: Int64, depth: Int64,
    record: String, claimedBy: String? = nil, untriedActions: Int64? = nil
  ) {
    self.id = id
    self.app = app
    self.name = name
    self.path = path
    self.page = page
    self.depth = depth
    self.record = record
    self.claimedBy = claimedBy
    self.untriedActions = untriedActions
  }
}
