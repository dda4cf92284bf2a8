extension Database {
  /// The `k` shortest loopless action paths from page `source` to page `target` over the
  /// unique-page graph (self-loops ignored), shortest first; empty when `target` cannot be
  /// reached. Each hop uses the action recorded most often between its two pages.
  public func shortestPaths(from source: Int64, to target: Int64, k: Int = 1) throws
    -> [ActionPath]
  {
    var search = ShortestPathSearch(adjacency: DatabaseAdjacency(self))
    return try search.paths(from: source, to: target, k: k).map { pages in
      ActionPath(
        pages: pages,
        steps: try zip(pages, pages.dropFirst()).map { try bestStep(from: $0, to: $1) })
    }
  }

  /// The app's launch page for the app `page` belongs to: the page its recorded sessions
  /// started on most often (nil when no visit of the app is recorded).
  public func launchPage(ofAppOf page: Int64) throws -> Int64? {
    try scalar(
      """
      SELECT page_id FROM visit
      WHERE app_id = (SELECT app_id FROM page WHERE id = ?) AND parent_visit_id IS NULL
      GROUP BY page_id ORDER BY count(*) DESC, page_id LIMIT 1
      """, [.integer(page)])
  }

  /// The most-recorded non-self-loop action from one page to another.
  func bestStep(from: Int64, to: Int64) throws -> PathStep {
    let statement = try cachedStatement(
      """
      SELECT a.type AS action_type, a.mobile3m AS mobile3m, a.text AS action_text,
             a.direction AS direction, e.count AS count, \(Row.elementSummaryColumns),
             (SELECT coalesce(name, record) FROM visit WHERE page_id = e.from_page
              ORDER BY id LIMIT 1) AS from_name
      FROM edge e JOIN action a ON a.id = e.action_id
      LEFT JOIN element el ON el.id = e.element_id
      WHERE e.from_page = ? AND e.to_page = ? AND e.self_loop = 0
      ORDER BY e.count DESC, e.element_id IS NULL, e.action_id LIMIT 1
      """)
    try statement.bind([.integer(from), .integer(to)])
    defer { statement.reset() }
    guard try statement.step() else {
      throw DatabaseError(
        code: .error, message: "no action recorded from page \(from) to page \(to)", path: path)
    }
    let row = statement.namedRow()
    return PathStep(
      fromPage: from, fromName: row["from_name"].string, toPage: to,
      actionType: row["action_type"].string ?? "", mobile3M: row["mobile3m"].string,
      text: row["action_text"].string, direction: row["direction"].string,
      element: row.elementSummary(), count: Int(row["count"].int64 ?? 0))
  }
}

extension Row {
  /// The element columns ``elementSummary()`` reads, for a query joining `element el`.
  static let elementSummaryColumns = """
    el.id AS element_id, el.class AS element_class, el.text AS element_text,
    el.content_desc AS element_content_desc, el.resource_id AS element_resource_id,
    el.x1 AS x1, el.y1 AS y1, el.x2 AS x2, el.y2 AS y2
    """

  /// The element of ``elementSummaryColumns``; nil when there is none (`element_id` NULL).
  func elementSummary() -> ElementSummary? {
    guard let id = self["element_id"].int64 else { return nil }
    var box: String?
    if let x1 = self["x1"].int64, let y1 = self["y1"].int64, let x2 = self["x2"].int64,
      let y2 = self["y2"].int64
    {
      box = "[\(x1),\(y1)][\(x2),\(y2)]"
    }
    return ElementSummary(
      id: id, className: self["element_class"].string ?? "",
      text: self["element_text"].string ?? "",
      contentDescription: self["element_content_desc"].string ?? "",
      resourceID: self["element_resource_id"].string ?? "", bounds: box)
  }
}
