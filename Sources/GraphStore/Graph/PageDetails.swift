/// Everything stored about one unique page, as `m3m show` prints it.
public struct PageDetails: Sendable, Codable, Hashable {
  /// Page id.
  public var id: Int64
  /// The app's name.
  public var app: String
  /// Names of the visits that folded into it (first ones, oldest first).
  public var names: [String]
  /// Recorded visits of the page.
  public var visits: Int
  /// The compact HTML of its first visit.
  public var html: String
  /// The first visit's XML dump, as recorded at ingest (may have moved since).
  public var xmlPath: String?
  /// The first visit's screenshot, as recorded at ingest.
  public var screenshotPath: String?
  /// Its elements in document order.
  public var elements: [Element]
  /// Distinct non-self-loop actions recorded from it.
  public var outgoingEdges: Int
  /// Distinct non-self-loop actions recorded into it.
  public var incomingEdges: Int

  /// One stored element.
  public struct Element: Sendable, Codable, Hashable {
    /// What it is and where.
    public var summary: ElementSummary
    /// Its node index in the dump (document order).
    public var nodeIndex: Int
    /// `[x1, y1, x2, y2]`, when it had bounds.
    public var box: [Int]?
    /// Clickable.
    public var clickable: Bool
    /// Scrollable.
    public var scrollable: Bool
    /// Editable (an input field).
    public var editable: Bool
  }
}

extension Database {
  /// The page with id `page`, or nil when there is none.
  public func pageDetails(_ page: Int64) throws -> PageDetails? {
    guard
      let row = try fetchOne(
        """
        SELECT app.name, page.html, page.xml_path, page.screenshot_path,
               (SELECT count(*) FROM visit WHERE page_id = page.id),
               (SELECT count(*) FROM edge WHERE from_page = page.id AND self_loop = 0),
               (SELECT count(*) FROM edge WHERE to_page = page.id AND self_loop = 0)
        FROM page JOIN app ON app.id = page.app_id WHERE page.id = ?
        """, [.integer(page)])
    else { return nil }
    let names = try fetchAll(
      "SELECT coalesce(name, record) FROM visit WHERE page_id = ? ORDER BY id LIMIT 10",
      [.integer(page)]
    ).compactMap { $0.first?.string }
    let statement = try prepare(
      """
      SELECT id, class, text, content_desc, resource_id, x1, y1, x2, y2, node_index, clickable,
             scrollable, editable
      FROM element WHERE page_id = ? ORDER BY node_index
      """)
    try statement.bind(page, at: 1)
    var elements: [PageDetails.Element] = []
    while try statement.step() {
      elements.append(
        PageDetails.Element(
          summary: statement.elementSummary(startingAt: 0)!, nodeIndex: statement.int(9),
          box: statement.isNull(5) ? nil : (5...8).map { statement.int(Int32($0)) },
          clickable: statement.int(10) != 0, scrollable: statement.int(11) != 0,
          editable: statement.int(12) != 0))
    }
    return PageDetails(
      id: page, app: row[0].string ?? "", names: names, visits: Int(row[4].int64 ?? 0),
      html: row[1].string ?? "", xmlPath: row[2].string, screenshotPath: row[3].string,
      elements: elements, outgoingEdges: Int(row[5].int64 ?? 0),
      incomingEdges: Int(row[6].int64 ?? 0))
  }
}
