/// One unique page, as `GET /v1/pages` lists it.
public struct PageSummary: Sendable, Codable, Hashable {
  /// Page row id.
  public var id: Int64
  /// Its app's name.
  public var app: String
  /// The page's Mobile3M name, or its first visit's name or record.
  public var name: String?
  /// Its recorded visits.
  public var visits: Int
  /// Whether a screenshot is recorded (`GET /v1/pages/{id}/screenshot`).
  public var screenshot: Bool
}

/// A slice of the page list with the total it was cut from.
public struct PageList: Sendable, Codable, Hashable {
  /// The pages that match, in all.
  public var total: Int
  /// Where the slice starts.
  public var offset: Int
  /// The most pages the slice holds.
  public var limit: Int
  /// The slice, by page id.
  public var pages: [PageSummary]
}

extension Database {
  /// Whether the graph has an app named `name`.
  public func hasApp(named name: String) throws -> Bool {
    try scalar("SELECT count(*) FROM app WHERE name = ?", [.text(name)]) ?? 0 > 0
  }

  /// A slice of the unique pages by id, of app `app` or of all, whose name, visit names or
  /// element text, content-desc or resource-id contain `text` (case-insensitive for ASCII), with
  /// the number of pages that match.
  public func pageList(app: String?, containing text: String?, limit: Int, offset: Int) throws
    -> PageList
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
    let pattern: DatabaseValue = text.map { .text("%" + Self.likeEscaped($0) + "%") } ?? .null
    let appValue = DatabaseValue(app)
    let total = try scalar("SELECT count(*) " + filter, [appValue, pattern]) ?? 0
    let rows = try rows(
      """
      SELECT page.id AS id, app.name AS app,
             coalesce(page.name, (SELECT coalesce(visit.name, visit.record) FROM visit
                                  WHERE visit.page_id = page.id ORDER BY visit.id LIMIT 1))
               AS name,
             (SELECT count(*) FROM visit WHERE visit.page_id = page.id) AS visits,
             CASE WHEN page.screenshot_path IS NULL THEN 0 ELSE 1 END AS screenshot
      \(filter)
      ORDER BY page.id LIMIT ?3 OFFSET ?4
      """, [appValue, pattern, .integer(Int64(limit)), .integer(Int64(offset))])
    return PageList(
      total: Int(clamping: total), offset: offset, limit: limit,
      pages: rows.map { row in
        PageSummary(
          id: row["id"].int64 ?? 0, app: row["app"].string ?? "", name: row["name"].string,
          visits: row["visits"].int64.flatMap { Int(exactly: $0) } ?? 0,
          screenshot: row["screenshot"].int64 == 1)
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
