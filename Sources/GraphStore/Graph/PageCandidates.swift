/// The reads that look a screen up among stored pages without loading the graph: a page's
/// line hashes, the pages with a given line set, the pages sharing a screen's texts.
extension Database {
  /// What a screen is compared with: a stored page's line hashes, screenshot and app.
  public struct StoredPageLines: Sendable, Hashable {
    /// The page.
    public var page: Int64
    /// Its app's name.
    public var app: String?
    /// Its packed compact-HTML line hashes.
    public var lineHashes: [UInt8]
    /// Its screenshot, when it has one.
    public var screenshotPath: String?
  }

  /// The line hashes, screenshot and app of a stored page; nil when there is no such page.
  public func storedPageLines(_ page: Int64) throws -> StoredPageLines? {
    guard
      let row = try row(
        """
        SELECT page.line_hashes AS line_hashes, page.screenshot_path AS screenshot_path,
               app.name AS app FROM page
        JOIN app ON app.id = page.app_id WHERE page.id = ?
        """, [.integer(page)]),
      case .blob(let packed) = row["line_hashes"]
    else { return nil }
    return StoredPageLines(
      page: page, app: row["app"].string, lineHashes: packed,
      screenshotPath: row["screenshot_path"].string)
  }

  /// The pages whose line set has this hash, oldest first (at most `limit`).
  public func pages(withLineSetHash hash: Int64, limit: Int = 20) throws -> [Int64] {
    try fetchAll(
      "SELECT id FROM page WHERE line_set_hash = ? ORDER BY id LIMIT ?",
      [.integer(hash), DatabaseValue(limit)]
    ).compactMap { $0.first?.int64 }
  }

  /// The pages whose elements' text or content description is one of `texts` (each of three
  /// characters or more, found through the FTS index), the most shared first (at most `limit`).
  public func pages(sharingTexts texts: [String], limit: Int) throws -> [Int64] {
    guard !texts.isEmpty else { return [] }
    let query = texts.map {
      "\""
        + $0.split(separator: "\"", omittingEmptySubsequences: false)
        .joined(separator: "\"\"") + "\""
    }.joined(separator: " OR ")
    let list = Self.jsonTextArray(texts)
    if engine == .postgresql {
      // Equal text implies the FTS match SQLite narrows by first; b-tree indexes serve it.
      return try fetchAll(
        """
        SELECT el.page_id FROM element el
        WHERE el.text IN (\(jsonTextList("?1"))) OR el.content_desc IN (\(jsonTextList("?1")))
        GROUP BY el.page_id ORDER BY count(*) DESC, el.page_id LIMIT ?2
        """, [list, DatabaseValue(limit)]
      ).compactMap { $0.first?.int64 }
    }
    return try fetchAll(
      """
      SELECT el.page_id FROM element_text JOIN element el ON el.id = element_text.rowid
      WHERE element_text MATCH ? AND (el.text IN (\(jsonTextList("?")))
        OR el.content_desc IN (\(jsonTextList("?"))))
      GROUP BY el.page_id ORDER BY count(*) DESC, el.page_id LIMIT ?
      """, [.text(query), list, list, DatabaseValue(limit)]
    ).compactMap { $0.first?.int64 }
  }
}
