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
      SELECT a.type, a.mobile3m, a.text, a.direction, e.count, e.element_id, el.class, el.text,
             el.content_desc, el.resource_id, el.x1, el.y1, el.x2, el.y2,
             (SELECT coalesce(name, record) FROM visit WHERE page_id = e.from_page
              ORDER BY id LIMIT 1)
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
    return PathStep(
      fromPage: from, fromName: statement.optionalString(14), toPage: to,
      actionType: statement.string(0), mobile3M: statement.optionalString(1),
      text: statement.optionalString(2), direction: statement.optionalString(3),
      element: statement.elementSummary(startingAt: 5), count: statement.int(4))
  }
}

extension Statement {
  /// Reads `id, class, text, content_desc, resource_id, x1, y1, x2, y2` from `column` on;
  /// nil when the id is NULL.
  func elementSummary(startingAt column: Int32) -> ElementSummary? {
    guard let id = optionalInt64(column) else { return nil }
    let box =
      isNull(column + 5)
      ? nil
      : "[\(int(column + 5)),\(int(column + 6))][\(int(column + 7)),\(int(column + 8))]"
    return ElementSummary(
      id: id, className: string(column + 1), text: string(column + 2),
      contentDescription: string(column + 3), resourceID: string(column + 4), bounds: box)
  }
}
