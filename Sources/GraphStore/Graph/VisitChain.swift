/// Recorded visit chains: a visit's ancestors back to its session's first screen, and the step
/// recorded between two of them (what agent episodes are made of).
extension Database {
  /// A visit on a chain and the unique page it folded into.
  public struct ChainVisit: Sendable, Hashable {
    /// Visit row id.
    public var visit: Int64
    /// Its unique page.
    public var page: Int64
  }

  /// One recorded step of a chain: the screen acted on, the action, its element, and the next
  /// screen's dump.
  public struct ChainStep: Sendable, Hashable {
    /// The dump of the visit acted on.
    public var xmlPath: String?
    /// Its screenshot.
    public var screenshotPath: String?
    /// The action.
    public var action: RecordedAction
    /// The element acted on, when known.
    public var actedElement: ActedElement?
    /// The dump of the visit it led to.
    public var nextXMLPath: String?
  }

  /// The ids of the visits at depth `depth` or deeper, deepest first, then by id.
  public func visits(atDepthOfAtLeast depth: Int) throws -> [Int64] {
    try rows(
      "SELECT id FROM visit WHERE depth >= ? ORDER BY depth DESC, id", [.integer(Int64(depth))]
    ).compactMap { $0["id"].int64 }
  }

  /// The visit chain that ends at `visit`: its parents from the session's first visit to it,
  /// each with its page; empty when there is no such visit (or a parent is missing).
  public func visitChain(to visit: Int64) throws -> [ChainVisit] {
    var chain: [ChainVisit] = []
    var next: Int64? = visit
    while let id = next {
      guard
        let row = try row(
          "SELECT page_id, parent_visit_id FROM visit WHERE id = ?", [.integer(id)]),
        let page = row["page_id"].int64
      else { return [] }
      chain.append(ChainVisit(visit: id, page: page))
      next = row["parent_visit_id"].int64
      // A chain never passes a visit twice in a graph m3m wrote; stop should a file loop.
      if let parent = next, chain.contains(where: { $0.visit == parent }) { return [] }
    }
    return chain.reversed()
  }

  /// The step recorded from visit `from` to visit `to`, nil when none was.
  public func chainStep(from: Int64, to: Int64) throws -> ChainStep? {
    guard
      let row = try row(
        """
        SELECT v.xml_path AS xml_path, v.screenshot_path AS screenshot_path,
               \(Row.recordedActionColumns), \(Row.actedElementColumns),
               (SELECT xml_path FROM visit WHERE id = e.to_visit) AS next_xml_path
        FROM visit_edge e JOIN visit v ON v.id = e.from_visit JOIN action a ON a.id = e.action_id
        LEFT JOIN element el ON el.id = e.element_id
        WHERE e.from_visit = ? AND e.to_visit = ?
        """, [.integer(from), .integer(to)])
    else { return nil }
    return ChainStep(
      xmlPath: row["xml_path"].string, screenshotPath: row["screenshot_path"].string,
      action: row.recordedAction(), actedElement: row.actedElement(),
      nextXMLPath: row["next_xml_path"].string)
  }

  /// A visit's name, else its record; nil when there is no such visit.
  public func visitName(_ visit: Int64) throws -> String? {
    try row("SELECT name, record FROM visit WHERE id = ?", [.integer(visit)]).flatMap {
      $0["name"].string ?? $0["record"].string
    }
  }
}
