/// One recorded transition out of a unique page: the action, the element it acted on and the
/// unique page it led to (a row of `edge` with its `action` and `element`).
public struct PageTransition: Sendable, Hashable {
  /// The action as recorded.
  public var action: RecordedAction
  /// The element acted on, when the trace named one.
  public var element: ActedElement?
  /// The unique page the action led to.
  public var toPage: Int64
  /// How many times the transition was recorded.
  public var count: Int
  /// Whether it left the page unchanged.
  public var selfLoop: Bool

  /// An action as the graph stores it.
  public struct RecordedAction: Sendable, Hashable {
    /// `click`, `input`, `scroll`, … (the `action.type` spelling).
    public var type: String
    /// The original crawler's action string, for Mobile3M sources.
    public var mobile3MString: String?
    /// The typed text, for inputs.
    public var text: String?
    /// The direction, for scrolls.
    public var direction: String?
  }

  /// The element an action acted on, as stored with the page.
  public struct ActedElement: Sendable, Hashable {
    /// Its compact-HTML line (dataset variant), when it has one.
    public var htmlLine: String?
    /// Its node index in the page's dump (document order).
    public var nodeIndex: Int
    /// `[x1, y1, x2, y2]`, when it had bounds.
    public var box: [Int]?
  }
}

extension Database {
  /// Every recorded transition out of unique page `page`, by action id then destination.
  public func pageTransitions(from page: Int64) throws -> [PageTransition] {
    let statement = try cachedStatement(
      """
      SELECT a.type AS action_type, a.mobile3m AS mobile3m, a.text AS action_text,
             a.direction AS direction, e.to_page AS to_page, e.count AS count,
             e.self_loop AS self_loop, el.id AS element_id, el.html_line AS html_line,
             el.node_index AS node_index, el.x1 AS x1, el.y1 AS y1, el.x2 AS x2, el.y2 AS y2
      FROM edge e JOIN action a ON a.id = e.action_id LEFT JOIN element el ON el.id = e.element_id
      WHERE e.from_page = ? ORDER BY e.action_id, e.to_page
      """)
    defer { statement.reset() }
    try statement.bind(page, at: 1)
    var transitions: [PageTransition] = []
    while try statement.step() {
      let row = statement.namedRow()
      guard let toPage = row["to_page"].int64 else { continue }
      let int = { (column: String) in row[column].int64.flatMap { Int(exactly: $0) } }
      var element: PageTransition.ActedElement?
      if row["element_id"].int64 != nil {
        let corners = ["x1", "y1", "x2", "y2"].compactMap(int)
        element = PageTransition.ActedElement(
          htmlLine: row["html_line"].string, nodeIndex: int("node_index") ?? 0,
          box: corners.count == 4 ? corners : nil)
      }
      transitions.append(
        PageTransition(
          action: PageTransition.RecordedAction(
            type: row["action_type"].string ?? "", mobile3MString: row["mobile3m"].string,
            text: row["action_text"].string, direction: row["direction"].string),
          element: element, toPage: toPage, count: int("count") ?? 0,
          selfLoop: (row["self_loop"].int64 ?? 0) != 0))
    }
    return transitions
  }
}
