/// One way to reach a page: an element on another page whose action led there.
public struct LeadsTo: Sendable, Codable, Hashable {
  /// The page the action starts from.
  public var fromPage: Int64
  /// A name of that page (its first visit's name or record).
  public var fromName: String?
  /// The action's type (`click`, `scroll`, `input`, …).
  public var actionType: String
  /// The Mobile3M action string, when known.
  public var mobile3M: String?
  /// The element acted on, when known.
  public var element: ElementSummary?
  /// Recorded transitions from `fromPage` by this action that reached the page.
  public var count: Int
  /// All recorded transitions from `fromPage` by this action, wherever they went.
  public var attempts: Int
  /// `count / attempts`: how reliably the action leads to the page.
  public var reliability: Double
}

/// The element part of a query answer.
public struct ElementSummary: Sendable, Codable, Hashable {
  /// Element row id.
  public var id: Int64
  /// Class name.
  public var className: String
  /// Text.
  public var text: String
  /// Content description.
  public var contentDescription: String
  /// Resource id.
  public var resourceID: String
  /// `[x1,y1][x2,y2]`, when known.
  public var bounds: String?
}

extension Database {
  /// Every element, on every page, whose action led to `page`, ranked by how often and how
  /// reliably it did (self-loops excluded).
  public func leadsTo(page: Int64, limit: Int = 20) throws -> [LeadsTo] {
    let statement = try cachedStatement(
      """
      SELECT * FROM (
        SELECT e.from_page AS from_page,
               (SELECT coalesce(name, record) FROM visit WHERE page_id = e.from_page
                ORDER BY id LIMIT 1) AS from_name,
               a.type AS action_type, a.mobile3m AS mobile3m, \(Row.elementSummaryColumns),
               e.count AS count,
               (SELECT sum(count) FROM edge t WHERE t.from_page = e.from_page
                  AND t.action_id = e.action_id) AS attempts
        FROM edge e JOIN action a ON a.id = e.action_id
        LEFT JOIN element el ON el.id = e.element_id
        WHERE e.to_page = ? AND e.self_loop = 0) ranked
      ORDER BY count DESC, count * 1.0 / attempts DESC, from_page
      LIMIT ?
      """)
    try statement.bind([.integer(page), .integer(Int64(limit))])
    defer { statement.reset() }
    var answers: [LeadsTo] = []
    while try statement.step() {
      let row = statement.namedRow()
      let count = Int(row["count"].int64 ?? 0)
      let attempts = max(count, Int(row["attempts"].int64 ?? 0))
      answers.append(
        LeadsTo(
          fromPage: row["from_page"].int64 ?? 0, fromName: row["from_name"].string,
          actionType: row["action_type"].string ?? "", mobile3M: row["mobile3m"].string,
          element: row.elementSummary(),
          count: count, attempts: attempts, reliability: Double(count) / Double(attempts)))
    }
    return answers
  }

  /// The unique page a user means: a page id, a page or visit name (`ctrip0_1_36`), or a visit
  /// record; nil when none matches.
  public func resolvePage(_ spec: String) throws -> Int64? {
    if let id = Int64(spec), try scalar("SELECT id FROM page WHERE id = ?", [.integer(id)]) != nil {
      return id
    }
    return try scalar(
      "SELECT page_id FROM visit WHERE name = ?1 OR record = ?1 ORDER BY id LIMIT 1", [.text(spec)])
  }

  /// Up to `limit` page names closest to `spec` (edit distance), for "did you mean".
  /// - Throws: ``GraphQueryError`` for a name longer than ``maximumQueryLength``.
  public func nearestPageNames(to spec: String, limit: Int = 3) throws -> [String] {
    try checkQueryLength(spec)
    let names = try fetchAll(
      "SELECT DISTINCT coalesce(name, record) FROM visit LIMIT 100000"
    ).compactMap { $0.first?.string }
    return names.map { ($0, editDistance($0, spec)) }.sorted {
      $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0
    }
    .prefix(limit).map(\.0)
  }

  /// Pages whose elements contain `text` (text, content-desc or resource-id), best match first:
  /// exact text, then prefix, then substring; ties by fewer elements.
  /// - Throws: ``GraphQueryError`` for a text longer than ``maximumQueryLength``.
  public func pages(containing text: String, limit: Int = 10) throws -> [Int64] {
    try checkQueryLength(text)
    return try fetchAll(
      """
      SELECT page_id, min(CASE WHEN text = ?1 OR content_desc = ?1 THEN 0
                               WHEN text LIKE ?1 || '%' THEN 1 ELSE 2 END) AS rank
      FROM element
      WHERE instr(text, ?1) > 0 OR instr(content_desc, ?1) > 0 OR instr(resource_id, ?1) > 0
      GROUP BY page_id ORDER BY rank, page_id LIMIT ?2
      """, [.text(text), .integer(Int64(limit))]
    ).compactMap { $0.first?.int64 }
  }
}

/// Levenshtein distance over characters (used for name suggestions and lenient text matches).
public func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  guard !a.isEmpty else { return b.count }
  guard !b.isEmpty else { return a.count }
  var previous = Array(0...b.count)
  for i in 1...a.count {
    var current = [i] + Array(repeating: 0, count: b.count)
    for j in 1...b.count {
      current[j] = min(
        previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.count]
}
