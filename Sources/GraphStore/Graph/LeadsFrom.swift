/// Where an action on a page led: one recorded transition to another page, with that page's
/// name and how reliably the action got there (the mirror of ``LeadsTo``).
public struct LeadsFrom: Sendable, Codable, Hashable {
  /// The action, its element and the page it led to.
  public var transition: RecordedTransition
  /// A name of the page it led to (its first visit's name or record).
  public var toName: String?
  /// All recorded transitions from the page by this action, wherever they went.
  public var attempts: Int
  /// `count / attempts`: how reliably the action leads to ``RecordedTransition/toPage``.
  public var reliability: Double
}

extension Database {
  /// The recorded actions out of `page` that led to another page (self-loops excluded), most
  /// recorded first, then most reliable, then by action and destination; at most `limit`.
  public func leadsFrom(page: Int64, limit: Int = 20) throws -> [LeadsFrom] {
    let statement = try cachedStatement(
      """
      SELECT \(Self.recordedTransitionColumns),
             (SELECT coalesce(name, record) FROM visit WHERE page_id = e.to_page
              ORDER BY id LIMIT 1) AS to_name,
             (SELECT sum(count) FROM edge t WHERE t.from_page = e.from_page
                AND t.action_id = e.action_id) AS attempts
      FROM edge e JOIN action a ON a.id = e.action_id
      LEFT JOIN element el ON el.id = e.element_id
      WHERE e.from_page = ? AND e.self_loop = 0
      ORDER BY e.count DESC, e.count * 1.0 / attempts DESC, e.action_id, e.to_page
      LIMIT ?
      """)
    try statement.bind([.integer(page), .integer(Int64(limit))])
    defer { statement.reset() }
    var answers: [LeadsFrom] = []
    while try statement.step() {
      let row = statement.namedRow()
      let transition = row.recordedTransition(from: page)
      let attempts = max(transition.count, row["attempts"].int64.flatMap { Int(exactly: $0) } ?? 0)
      answers.append(
        LeadsFrom(
          transition: transition, toName: row["to_name"].string, attempts: attempts,
          reliability: Double(transition.count) / Double(attempts)))
    }
    return answers
  }
}
