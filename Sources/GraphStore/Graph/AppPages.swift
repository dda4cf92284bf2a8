/// One app of a graph, as `m3m` and `GET /v1/apps` list it.
public struct AppSummary: Sendable, Codable, Hashable {
  /// App row id.
  public var id: Int64
  /// Its name (`shop`, Mobile3M's `name_en`).
  public var name: String
  /// Its Android package, when known.
  public var package: String?
  /// Its unique pages.
  public var pages: Int
  /// Its recorded visits.
  public var visits: Int

  /// An app summary.
  public init(id: Int64, name: String, package: String?, pages: Int, visits: Int) {
    self.id = id
    self.name = name
    self.package = package
    self.pages = pages
    self.visits = visits
  }
}

extension Database {
  /// Every app of the graph, by name, with its package and its numbers of unique pages and
  /// recorded visits.
  public func apps() throws -> [AppSummary] {
    try rows(
      """
      SELECT app.id AS id, app.name AS name, app.package AS package,
             (SELECT count(*) FROM page WHERE page.app_id = app.id) AS pages,
             (SELECT count(*) FROM visit WHERE visit.app_id = app.id) AS visits
      FROM app ORDER BY app.name
      """
    ).map { row in
      AppSummary(
        id: row["id"].int64 ?? 0, name: row["name"].string ?? "", package: row["package"].string,
        pages: row["pages"].int64.flatMap { Int(exactly: $0) } ?? 0,
        visits: row["visits"].int64.flatMap { Int(exactly: $0) } ?? 0)
    }
  }

  /// The Android package of app `app` (row id), nil when unknown or there is no such app.
  public func package(ofApp app: Int64) throws -> String? {
    try row("SELECT package FROM app WHERE id = ?", [.integer(app)])?["package"].string
  }

  /// The unique pages of app `app`, by id.
  public func pageIDs(ofApp app: Int64) throws -> [Int64] {
    let statement = try cachedStatement("SELECT id FROM page WHERE app_id = ? ORDER BY id")
    try statement.bind(app, at: 1)
    defer { statement.reset() }
    var pages: [Int64] = []
    while try statement.step() { pages.append(statement.int64(0)) }
    return pages
  }

  /// The pages of app `app` that a recorded action on an element labelled `label` (its text or
  /// content-desc, case-insensitive), or an input of the text `label`, led to (self-loops
  /// excluded), most recorded first.
  public func pagesReached(byActionOn label: String, app: Int64) throws -> [Int64] {
    try checkQueryLength(label)
    let statement = try cachedStatement(
      """
      SELECT e.to_page FROM edge e JOIN page p ON p.id = e.from_page
      JOIN action a ON a.id = e.action_id LEFT JOIN element el ON el.id = e.element_id
      WHERE p.app_id = ?1 AND e.self_loop = 0
        AND (lower(el.text) = lower(?2) OR lower(el.content_desc) = lower(?2)
             OR (a.type = 'input' AND lower(a.text) = lower(?2)))
      GROUP BY e.to_page ORDER BY sum(e.count) DESC, e.to_page
      """)
    try statement.bind([.integer(app), .text(label.trimmingWhitespace)])
    defer { statement.reset() }
    var pages: [Int64] = []
    while try statement.step() { pages.append(statement.int64(0)) }
    return pages
  }
}
