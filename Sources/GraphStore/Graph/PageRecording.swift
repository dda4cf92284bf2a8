/// Where a unique page's recordings are: the app, the screen size, the dump and screenshot of
/// its first visit, and the dumps of all its visits (which dedup folded into it, so they may
/// differ a little from the first).
public struct PageRecording: Sendable, Hashable {
  /// Page id.
  public var id: Int64
  /// The app's name.
  public var app: String
  /// The screenshot's width and height in pixels, when known.
  public var width: Int?
  /// See ``width``.
  public var height: Int?
  /// The first visit's XML dump, as recorded at ingest.
  public var xmlPath: String?
  /// The first visit's screenshot, as recorded at ingest.
  public var screenshotPath: String?
  /// The distinct dumps of every visit, oldest first, the first visit's included.
  public var visitXMLPaths: [String]
}

extension Database {
  /// The recordings of page `page`, or nil when the graph has no such page.
  public func pageRecording(_ page: Int64) throws -> PageRecording? {
    guard
      let row = try fetchOne(
        """
        SELECT app.name, page.width, page.height, page.xml_path, page.screenshot_path
        FROM page JOIN app ON app.id = page.app_id WHERE page.id = ?
        """, [.integer(page)])
    else { return nil }
    let visits = try fetchAll(
      """
      SELECT xml_path FROM visit WHERE page_id = ? AND xml_path IS NOT NULL
      GROUP BY xml_path ORDER BY min(id)
      """, [.integer(page)]
    ).compactMap { $0.first?.string }
    var dumps = row[3].string.map { [$0] } ?? []
    dumps += visits.filter { $0 != row[3].string }
    return PageRecording(
      id: page, app: row[0].string ?? "", width: row[1].int64.flatMap { Int(exactly: $0) },
      height: row[2].int64.flatMap { Int(exactly: $0) }, xmlPath: row[3].string,
      screenshotPath: row[4].string, visitXMLPaths: dumps)
  }

  /// Distinct non-empty element texts of the pages of app `app`, in the order first stored, at
  /// most `limit` (texts another page of the app shows, for answers a page does not).
  public func elementTexts(ofApp app: String, limit: Int) throws -> [String] {
    try fetchAll(
      """
      SELECT el.text FROM element el JOIN page ON page.id = el.page_id
      JOIN app ON app.id = page.app_id
      WHERE app.name = ? AND el.text <> '' GROUP BY el.text ORDER BY min(el.id) LIMIT ?
      """, [.text(app), .integer(Int64(limit))]
    ).compactMap { $0.first?.string }
  }
}
