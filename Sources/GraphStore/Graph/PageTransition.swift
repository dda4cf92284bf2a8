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
      SELECT a.type, a.mobile3m, a.text, a.direction, e.to_page, e.count, e.self_loop,
             el.id, el.html_line, el.node_index, el.x1, el.y1, el.x2, el.y2
      FROM edge e JOIN action a ON a.id = e.action_id LEFT JOIN element el ON el.id = e.element_id
      WHERE e.from_page = ? ORDER BY e.action_id, e.to_page
      """)
    defer { statement.reset() }
    try statement.bind(page, at: 1)
    var transitions: [PageTransition] = []
    while try statement.step() {
      let element =
        statement.isNull(7)
        ? nil
        : PageTransition.ActedElement(
          htmlLine: statement.optionalString(8), nodeIndex: statement.int(9),
          box: statement.isNull(10) ? nil : (10...13).map { statement.int(Int32($0)) })
      transitions.append(
        PageTransition(
          action: PageTransition.RecordedAction(
            type: statement.string(0), mobile3MString: statement.optionalString(1),
            text: statement.optionalString(2), direction: statement.optionalString(3)),
          element: element, toPage: statement.int64(4), count: statement.int(5),
          selfLoop: statement.int(6) != 0))
    }
    return transitions
  }
}
