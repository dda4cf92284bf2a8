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
      let row = try row(
        """
        SELECT app.name AS app, page.html AS html, page.xml_path AS xml_path,
               page.screenshot_path AS screenshot_path,
               (SELECT count(*) FROM visit WHERE page_id = page.id) AS visits,
               (SELECT count(*) FROM edge WHERE from_page = page.id AND self_loop = 0) AS outgoing,
               (SELECT count(*) FROM edge WHERE to_page = page.id AND self_loop = 0) AS incoming
        FROM page JOIN app ON app.id = page.app_id WHERE page.id = ?
        """, [.integer(page)])
    else { return nil }
    let names = try fetchAll(
      "SELECT coalesce(name, record) FROM visit WHERE page_id = ? ORDER BY id LIMIT 10",
      [.integer(page)]
    ).compactMap { $0.first?.string }
    let statement = try prepare(
      """
      SELECT \(Row.elementSummaryColumns), el.node_index AS node_index,
             el.clickable AS clickable, el.scrollable AS scrollable, el.editable AS editable
      FROM element el WHERE el.page_id = ? ORDER BY el.node_index
      """)
    try statement.bind(page, at: 1)
    var elements: [PageDetails.Element] = []
    while try statement.step() {
      let element = statement.namedRow()
      guard let summary = element.elementSummary() else { continue }
      let box = ["x1", "y1", "x2", "y2"].compactMap { element[$0].int64.map(Int.init) }
      elements.append(
        PageDetails.Element(
          summary: summary, nodeIndex: Int(element["node_index"].int64 ?? 0),
          box: box.count == 4 ? box : nil, clickable: element["clickable"] != 0,
          scrollable: element["scrollable"] != 0, editable: element["editable"] != 0))
    }
    return PageDetails(
      id: page, app: row["app"].string ?? "", names: names,
      visits: Int(row["visits"].int64 ?? 0), html: row["html"].string ?? "",
      xmlPath: row["xml_path"].string, screenshotPath: row["screenshot_path"].string,
      elements: elements, outgoingEdges: Int(row["outgoing"].int64 ?? 0),
      incomingEdges: Int(row["incoming"].int64 ?? 0))
  }
}
