extension Database {
  /// Every recorded action out of `page`, most recorded first (then by action and destination),
  /// self-loops included: the questions "where does this action lead from here?" are answered
  /// from it. (Sorted by ``RecordedTransition/actionID`` then ``RecordedTransition/toPage``,
  /// they are in the order the corpus builders read them.)
  public func transitions(from page: Int64) throws -> [RecordedTransition] {
    let statement = try cachedStatement(
      """
      SELECT \(Self.recordedTransitionColumns)
      FROM edge e JOIN action a ON a.id = e.action_id
      LEFT JOIN element el ON el.id = e.element_id
      WHERE e.from_page = ?
      ORDER BY e.count DESC, e.action_id, e.to_page
      """)
    try statement.bind(page, at: 1)
    defer { statement.reset() }
    var transitions: [RecordedTransition] = []
    while try statement.step() {
      transitions.append(statement.namedRow().recordedTransition(from: page))
    }
    return transitions
  }

  /// The columns ``Row/recordedTransition(from:)`` reads, over
  /// `edge e JOIN action a LEFT JOIN element el`.
  static let recordedTransitionColumns = """
    e.to_page AS to_page, e.action_id AS action_id, \(Row.recordedActionColumns),
    e.count AS count, \(Row.actedElementColumns),
    (SELECT ve.x FROM visit_edge ve JOIN visit v ON v.id = ve.from_visit
     WHERE v.page_id = e.from_page AND ve.action_id = e.action_id AND ve.x IS NOT NULL
     ORDER BY ve.id LIMIT 1) AS x,
    (SELECT ve.y FROM visit_edge ve JOIN visit v ON v.id = ve.from_visit
     WHERE v.page_id = e.from_page AND ve.action_id = e.action_id AND ve.y IS NOT NULL
     ORDER BY ve.id LIMIT 1) AS y
    """

  /// The pages an action on element `element` of page `page` led to (self-loops left out), by
  /// id.
  public func destinations(from page: Int64, actingOn element: Int64) throws -> [Int64] {
    try rows(
      """
      SELECT DISTINCT to_page FROM edge WHERE from_page = ? AND element_id = ? AND self_loop = 0
      ORDER BY to_page
      """, [.integer(page), .integer(element)]
    ).compactMap { $0["to_page"].int64 }
  }

  /// The shortest distance, in actions, from every page that can reach `goal` to it over the
  /// unique-page graph (self-loops ignored); `goal` itself is 0, pages that cannot reach it are
  /// absent.
  public func distances(to goal: Int64) throws -> [Int64: Int] {
    var adjacency = DatabaseAdjacency(self)
    var distances: [Int64: Int] = [goal: 0]
    var frontier = [goal]
    var distance = 0
    while !frontier.isEmpty {
      distance += 1
      var next: [Int64] = []
      for page in frontier {
        for before in try adjacency.predecessors(of: page) where distances[before] == nil {
          distances[before] = distance
          next.append(before)
        }
      }
      frontier = next
    }
    return distances
  }

  /// The unique page each recorded screen was folded into, by the dump path its visit
  /// recorded (`visit.xml_path`, as ingest was given it); paths no visit recorded are absent.
  /// One pass over the visits, however many paths are asked.
  public func pages(ofRecordedScreens xmlPaths: [String]) throws -> [String: Int64] {
    guard !xmlPaths.isEmpty else { return [:] }
    let list = Self.jsonTextArray(xmlPaths)
    var pages: [String: Int64] = [:]
    for row in try fetchAll(
      "SELECT xml_path, page_id FROM visit WHERE xml_path IN (\(jsonTextList("?"))) ORDER BY id",
      [list])
    {
      if let path = row[0].string, let page = row[1].int64, pages[path] == nil {
        pages[path] = page
      }
    }
    return pages
  }
}

extension Row {
  /// The transition in this row, selected with ``Database/recordedTransitionColumns``.
  func recordedTransition(from page: Int64) -> RecordedTransition {
    RecordedTransition(
      fromPage: page, toPage: self["to_page"].int64 ?? 0,
      actionType: self["action_type"].string ?? "", text: self["action_text"].string,
      direction: self["direction"].string, mobile3M: self["mobile3m"].string,
      element: elementSummary(), x: self["x"].int64.flatMap { Int(exactly: $0) },
      y: self["y"].int64.flatMap { Int(exactly: $0) },
      count: self["count"].int64.flatMap { Int(exactly: $0) } ?? 0,
      actionID: self["action_id"].int64 ?? 0, actedElement: actedElement())
  }
}
