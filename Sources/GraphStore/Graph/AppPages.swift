/// One app of a graph.
public struct AppSummary: Sendable, Codable, Hashable {
  /// App row id.
  public var id: Int64
  /// Its name (`shop`, Mobile3M's `name_en`).
  public var name: String
  /// Its unique pages.
  public var pages: Int
}

extension Database {
  /// Every app of the graph, by name, with its number of unique pages.
  public func apps() throws -> [AppSummary] {
    let statement = try cachedStatement(
      "SELECT app.id, app.name, (SELECT count(*) FROM page WHERE app_id = app.id) FROM app "
        + "ORDER BY app.name")
    defer { statement.reset() }
    var apps: [AppSummary] = []
    while try statement.step() {
      apps.append(
        AppSummary(id: statement.int64(0), name: statement.string(1), pages: statement.int(2)))
    }
    return apps
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
