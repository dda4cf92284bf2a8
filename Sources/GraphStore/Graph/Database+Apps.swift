/// The apps of a graph, by name.
extension Database {
  /// The names of the graph's apps, sorted.
  public func appNames() throws -> [String] {
    try rows("SELECT name FROM app ORDER BY name").compactMap { $0["name"].string }
  }

  /// Throws unless the graph has an app named `app`.
  /// - Throws: ``GraphQueryError`` naming the apps there are.
  public func requireApp(_ app: String) throws {
    guard try scalar("SELECT id FROM app WHERE name = ?", [.text(app)]) == nil else { return }
    throw GraphQueryError(
      path: path, reason: "no app '\(app)' (apps: \(try appNames().joined(separator: ", ")))")
  }

  /// The number of unique pages of the app named `app`.
  public func pageCount(app: String) throws -> Int64 {
    try scalar(
      "SELECT count(*) FROM page JOIN app ON app.id = page.app_id WHERE app.name = ?",
      [.text(app)]) ?? 0
  }

  /// A unique page with the name it is shown by: its first visit's name (or record), else the
  /// page's name, else its id.
  public struct NamedPage: Sendable, Hashable {
    public var page: Int64
    public var name: String
  }

  /// The unique pages of the app named `app`, oldest first, each with its name.
  public func namedPages(app: String) throws -> [NamedPage] {
    try rows(
      """
      SELECT page.id AS id, coalesce((SELECT coalesce(name, record) FROM visit WHERE page_id = page.id
                                ORDER BY id LIMIT 1), page.name, page.id) AS name
      FROM page JOIN app ON app.id = page.app_id WHERE app.name = ? ORDER BY page.id
      """, [.text(app)]
    ).map { row in
      let page = row["id"].int64 ?? 0
      return NamedPage(page: page, name: row["name"].string ?? "\(page)")
    }
  }

  /// An edge between two unique pages with what it is shown by: the element's text,
  /// content-desc or resource-id, else nil (show the action's type).
  public struct LabelledEdge: Sendable, Hashable {
    public var from: Int64
    public var to: Int64
    public var actionType: String
    public var elementLabel: String?
  }

  /// The edges between distinct unique pages of the app named `app` (self-loops left out),
  /// ordered by page, page and action.
  public func labelledEdges(app: String) throws -> [LabelledEdge] {
    try rows(
      """
      SELECT e.from_page AS from_page, e.to_page AS to_page, a.type AS type,
             (SELECT CASE WHEN text <> '' THEN text WHEN content_desc <> '' THEN content_desc
                          WHEN resource_id <> '' THEN resource_id END
              FROM element WHERE id = e.element_id) AS label
      FROM edge e JOIN action a ON a.id = e.action_id JOIN app ON app.id = a.app_id
      WHERE app.name = ? AND e.self_loop = 0 ORDER BY e.from_page, e.to_page, e.action_id
      """, [.text(app)]
    ).map { row in
      LabelledEdge(
        from: row["from_page"].int64 ?? 0, to: row["to_page"].int64 ?? 0,
        actionType: row["type"].string ?? "", elementLabel: row["label"].string)
    }
  }

  /// The unique page whose first visit is the deepest (the first such visit), with its name.
  public func deepestPage() throws -> NamedPage? {
    guard
      let row = try row(
        """
        SELECT v.page_id AS page_id, coalesce(v.name, v.record) AS name FROM page
        JOIN visit v ON v.id = (SELECT min(id) FROM visit WHERE page_id = page.id)
        ORDER BY v.depth DESC, v.id LIMIT 1
        """),
      let page = row["page_id"].int64
    else { return nil }
    return NamedPage(page: page, name: row["name"].string ?? "page \(page)")
  }
}
