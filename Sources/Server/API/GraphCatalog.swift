import GraphStore

/// One app in the graph, as `GET /v1/apps` lists it.
struct AppSummary: Sendable, Codable, Hashable {
  var id: Int64
  var name: String
  var package: String?
  /// Unique pages.
  var pages: Int
  /// Recorded visits.
  var visits: Int
}

/// One unique page, as `GET /v1/pages` lists it.
struct PageSummary: Sendable, Codable, Hashable {
  var id: Int64
  var app: String
  /// The page's Mobile3M name, or its first visit's name or record.
  var name: String?
  var visits: Int
  /// Whether a screenshot is recorded (`GET /v1/pages/{id}/screenshot`).
  var screenshot: Bool
}

/// A slice of the page list with the total it was cut from.
struct PageList: Sendable, Codable, Hashable {
  var total: Int
  var offset: Int
  var limit: Int
  var pages: [PageSummary]
}

/// The app and page lists. (GraphStore has no listing API yet; the SQL lives here until it
/// does.)
enum GraphCatalog {
  static func apps(in db: Database) throws -> [AppSummary] {
    try db.fetchAll(
      """
      SELECT app.id, app.name, app.package,
             (SELECT count(*) FROM page WHERE page.app_id = app.id),
             (SELECT count(*) FROM visit WHERE visit.app_id = app.id)
      FROM app ORDER BY app.name
      """
    ).map { row in
      AppSummary(
        id: row[0].int64 ?? 0, name: row[1].string ?? "", package: row[2].string,
        pages: Int(row[3].int64 ?? 0), visits: Int(row[4].int64 ?? 0))
    }
  }

  /// Whether an app of that name is in the graph.
  static func hasApp(_ name: String, in db: Database) throws -> Bool {
    try db.scalar("SELECT count(*) FROM app WHERE name = ?", [.text(name)]) ?? 0 > 0
  }

  /// Pages by id, of one app or all, whose name, visit names or element text, content-desc or
  /// resource-id contain `text` (case-insensitive for ASCII).
  static func pages(
    app: String?, containing text: String?, limit: Int, offset: Int, in db: Database
  )
    throws -> PageList
  {
    let filter = """
      FROM page JOIN app ON app.id = page.app_id
      WHERE (?1 IS NULL OR app.name = ?1)
        AND (?2 IS NULL OR page.name LIKE ?2 ESCAPE '\\'
             OR EXISTS (SELECT 1 FROM visit WHERE visit.page_id = page.id
                        AND visit.name LIKE ?2 ESCAPE '\\')
             OR EXISTS (SELECT 1 FROM element WHERE element.page_id = page.id
                        AND (element.text LIKE ?2 ESCAPE '\\'
                             OR element.content_desc LIKE ?2 ESCAPE '\\'
                             OR element.resource_id LIKE ?2 ESCAPE '\\')))
      """
    let pattern: DatabaseValue = text.map { .text("%" + likeEscaped($0) + "%") } ?? .null
    let appValue = DatabaseValue(app)
    let total = try db.scalar("SELECT count(*) " + filter, [appValue, pattern]) ?? 0
    let rows = try db.fetchAll(
      """
      SELECT page.id, app.name,
             coalesce(page.name, (SELECT coalesce(visit.name, visit.record) FROM visit
                                  WHERE visit.page_id = page.id ORDER BY visit.id LIMIT 1)),
             (SELECT count(*) FROM visit WHERE visit.page_id = page.id),
             page.screenshot_path IS NOT NULL
      \(filter)
      ORDER BY page.id LIMIT ?3 OFFSET ?4
      """, [appValue, pattern, .integer(Int64(limit)), .integer(Int64(offset))])
    return PageList(
      total: Int(total), offset: offset, limit: limit,
      pages: rows.map { row in
        PageSummary(
          id: row[0].int64 ?? 0, app: row[1].string ?? "", name: row[2].string,
          visits: Int(row[3].int64 ?? 0), screenshot: row[4].int64 == 1)
      })
  }

  /// `text` with LIKE's wildcards and the escape character escaped.
  static func likeEscaped(_ text: String) -> String {
    var escaped = ""
    for character in text {
      if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
      escaped.append(character)
    }
    return escaped
  }
}
