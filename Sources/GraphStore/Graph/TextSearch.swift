/// One element whose text, content-desc or resource-id matched a search.
public struct SearchHit: Sendable, Codable, Hashable {
  /// The unique page showing it.
  public var page: Int64
  /// A name of that page.
  public var pageName: String?
  /// The app the page belongs to.
  public var app: String
  /// The element, with its bounds.
  public var element: ElementSummary
}

extension Database {
  /// Elements whose text, content-desc or resource-id contains `query` (case-insensitive),
  /// exact matches first, then by BM25 rank. Queries of three characters or more use the FTS5
  /// trigram index; shorter ones scan the element table.
  /// - Throws: ``GraphQueryError`` for a query longer than ``maximumQueryLength``.
  public func search(_ query: String, limit: Int = 20) throws -> [SearchHit] {
    try checkQueryLength(query)
    let trimmed = query.trimmingWhitespace
    guard !trimmed.isEmpty else { return [] }
    let columns = """
      el.page_id AS page_id,
      (SELECT coalesce(name, record) FROM visit WHERE page_id = el.page_id
       ORDER BY id LIMIT 1) AS page_name,
      (SELECT app.name FROM page JOIN app ON app.id = page.app_id WHERE page.id = el.page_id)
        AS app,
      \(Row.elementSummaryColumns)
      """
    let exact = "(lower(el.text) = lower(?1) OR lower(el.content_desc) = lower(?1))"
    let sql: String
    var arguments: [DatabaseValue] = [.text(trimmed), .integer(Int64(limit))]
    if trimmed.unicodeScalars.count >= 3, engine == .postgresql {
      // FTS5's order, computed: BM25 of the phrase (its occurrences in the element's three
      // fields against their length in trigrams, over the average length, which a trigger
      // keeps in `element_text_size`), in the same monotonic form (the phrase's IDF is one
      // factor for every row and drops out). Text folded as FTS5 folds it.
      sql = """
        WITH average AS (
          SELECT CASE WHEN elements > 0 THEN trigrams::float8 / elements ELSE 1 END AS size
          FROM element_text_size),
        hit AS (
          SELECT el.*, m3m_occurrences(m3m_fold(el.text), ?4)
              + m3m_occurrences(m3m_fold(el.content_desc), ?4)
              + m3m_occurrences(m3m_fold(el.resource_id), ?4) AS frequency,
            \(Self.trigramCount("el.text")) + \(Self.trigramCount("el.content_desc"))
              + \(Self.trigramCount("el.resource_id")) AS size
          FROM element el
          WHERE m3m_fold(el.text) LIKE ?3 OR m3m_fold(el.content_desc) LIKE ?3
             OR m3m_fold(el.resource_id) LIKE ?3)
        SELECT \(columns) FROM hit el, average
        ORDER BY \(exact) DESC,
          el.frequency / (el.frequency + 1.2 * (0.25 + 0.75 * el.size / average.size)) DESC,
          el.id LIMIT ?2
        """
      let lowered = TextFolding.fold(trimmed)
      arguments += [.text(Self.likePattern(containing: lowered)), .text(lowered)]
    } else if trimmed.unicodeScalars.count >= 3 {
      sql = """
        SELECT \(columns) FROM element_text JOIN element el ON el.id = element_text.rowid
        WHERE element_text MATCH ?3
        ORDER BY \(exact) DESC, bm25(element_text), el.id LIMIT ?2
        """
      arguments.append(.text("\"" + trimmed.replacingOccurrences(of: "\"", with: "\"\"") + "\""))
    } else {
      sql = """
        SELECT \(columns) FROM element el
        WHERE instr(lower(el.text), lower(?1)) > 0 OR instr(lower(el.content_desc), lower(?1)) > 0
           OR instr(lower(el.resource_id), lower(?1)) > 0
        ORDER BY \(exact) DESC, el.id LIMIT ?2
        """
    }
    let statement = try prepare(sql)
    try statement.bind(arguments)
    var hits: [SearchHit] = []
    while try statement.step() {
      let row = statement.namedRow()
      guard let element = row.elementSummary() else { continue }
      hits.append(
        SearchHit(
          page: row["page_id"].int64 ?? 0, pageName: row["page_name"].string,
          app: row["app"].string ?? "", element: element))
    }
    return hits
  }
}

extension Database {
  /// The number of FTS5 trigrams of a column (one per character past the second).
  static func trigramCount(_ column: String) -> String { "greatest(length(\(column)) - 2, 0)" }

  /// A `LIKE` pattern matching text that contains `text` (`%`, `_` and `\` escaped).
  static func likePattern(containing text: String) -> String {
    var pattern = "%"
    for character in text {
      if character == "%" || character == "_" || character == "\\" { pattern.append("\\") }
      pattern.append(character)
    }
    return pattern + "%"
  }
}

extension String {
  /// The string without leading and trailing spaces and newlines.
  var trimmingWhitespace: String {
    String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
  }

  /// The string with every `target` replaced by `replacement`.
  func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}

extension Database {
  /// Up to `limit` elements of app `app` (of every app when nil) whose text, content-desc or
  /// resource-id contains `query` (FTS5 for three characters or more), unranked: the first
  /// found, cheap on large graphs. Each as (element id, page id, text).
  /// - Throws: ``GraphQueryError`` for a query longer than ``maximumQueryLength``.
  public func elements(matching query: String, app: Int64?, limit: Int = 30) throws
    -> [(element: Int64, page: Int64, text: String)]
  {
    try checkQueryLength(query)
    let trimmed = query.trimmingWhitespace
    guard trimmed.unicodeScalars.count >= 3 else { return [] }
    if engine == .postgresql {
      let pattern = DatabaseValue.text(Self.likePattern(containing: TextFolding.fold(trimmed)))
      return try rows(
        """
        SELECT el.id AS id, el.page_id AS page_id, el.text AS text FROM element el
        JOIN page p ON p.id = el.page_id
        WHERE (m3m_fold(el.text) LIKE ?1 OR m3m_fold(el.content_desc) LIKE ?1
               OR m3m_fold(el.resource_id) LIKE ?1) AND (?2 IS NULL OR p.app_id = ?2) LIMIT ?3
        """, [pattern, DatabaseValue(app), .integer(Int64(limit))]
      ).map { ($0["id"].int64 ?? 0, $0["page_id"].int64 ?? 0, $0["text"].string ?? "") }
    }
    let statement = try cachedStatement(
      """
      SELECT el.id, el.page_id, el.text FROM element_text
      JOIN element el ON el.id = element_text.rowid JOIN page p ON p.id = el.page_id
      WHERE element_text MATCH ? AND (?2 IS NULL OR p.app_id = ?2) LIMIT ?
      """)
    try statement.bind([
      .text("\"" + trimmed.replacingOccurrences(of: "\"", with: "\"\"") + "\""),
      DatabaseValue(app), .integer(Int64(limit)),
    ])
    defer { statement.reset() }
    var found: [(Int64, Int64, String)] = []
    while try statement.step() {
      found.append((statement.int64(0), statement.int64(1), statement.string(2)))
    }
    return found
  }
}
