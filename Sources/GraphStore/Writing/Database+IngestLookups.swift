/// The reads an ingest makes while it writes: visits already recorded (a resumed ingest, a
/// step's parent), the pages it compares a screen with, and the element an action touched.
extension Database {
  /// The visit recorded for `record` in `source`, if any.
  public func recordedVisit(source: Int64, record: String) throws -> RecordedVisit? {
    guard
      let row = try row(
        "SELECT id, page_id, app_id, depth FROM visit WHERE source_id = ? AND record = ?",
        [.integer(source), .text(record)]),
      let id = row["id"].int64, let page = row["page_id"].int64, let app = row["app_id"].int64,
      let depth = row["depth"].int64
    else { return nil }
    return RecordedVisit(visit: id, page: page, app: app, depth: depth)
  }

  /// The largest number after an `@` in the records of `source` (a crawler numbers its screens
  /// `name@N`), 0 when there is none.
  public func lastRecordNumber(source: Int64) throws -> Int64 {
    try scalar(
      """
      SELECT max(CAST(substr(record, instr(record, '@') + 1) AS INTEGER)) FROM visit
      WHERE source_id = ? AND instr(record, '@') > 0
      """, [.integer(source)]) ?? 0
  }

  /// A unique page's screenshot: the digest of its bytes and its path, when it has one.
  public func pageScreenshot(_ page: Int64) throws -> (digest: Int64, path: String)? {
    guard
      let row = try row(
        "SELECT screenshot_digest, screenshot_path FROM page WHERE id = ?", [.integer(page)]),
      let digest = row["screenshot_digest"].int64, let path = row["screenshot_path"].string
    else { return nil }
    return (digest, path)
  }

  /// Calls `body` with every unique page of `app` and its packed line hashes, oldest first.
  public func forEachPageLineHashes(
    app: Int64, _ body: (_ page: Int64, _ lineHashes: [UInt8]) throws -> Void
  ) throws {
    let select = try cachedStatement(
      "SELECT id AS page, line_hashes FROM page WHERE app_id = ? ORDER BY id")
    try select.bind(app, at: 1)
    defer { select.reset() }
    let columns = select.columnNames
    guard let page = columns.firstIndex(of: "page"),
      let lines = columns.firstIndex(of: "line_hashes")
    else { return }
    while try select.step() {
      try body(select.int64(Int32(page)), select.blob(Int32(lines)))
    }
  }

  /// The element of `page` whose compact-HTML line is `htmlLine` (the first one).
  public func element(onPage page: Int64, htmlLine: String) throws -> Int64? {
    try scalar(
      "SELECT id FROM element WHERE page_id = ? AND html_line = ? LIMIT 1",
      [.integer(page), .text(htmlLine)])
  }

  /// The element of `page` with exactly this box (clickable ones first, then the deepest).
  public func element(onPage page: Int64, box: ElementRow.Box) throws -> Int64? {
    try scalar(
      """
      SELECT id FROM element WHERE page_id = ? AND x1 = ? AND y1 = ? AND x2 = ? AND y2 = ?
      ORDER BY clickable DESC, node_index DESC LIMIT 1
      """,
      [
        .integer(page), .integer(box.left), .integer(box.top), .integer(box.right),
        .integer(box.bottom),
      ])
  }

  /// The smallest element of `page` containing the point (clickable ones first), other than
  /// elements of class `excludedClass` (a pixel-derived page's whole-screen root).
  public func element(
    onPage page: Int64, containingX x: Int64, y: Int64, excludingClass excludedClass: String = ""
  ) throws -> Int64? {
    try scalar(
      """
      SELECT id FROM element WHERE page_id = ? AND x1 <= ? AND ? < x2 AND y1 <= ? AND ? < y2
        AND class <> ?
      ORDER BY clickable DESC, (x2 - x1) * (y2 - y1) ASC LIMIT 1
      """,
      [.integer(page), .integer(x), .integer(x), .integer(y), .integer(y), .text(excludedClass)])
  }
}
