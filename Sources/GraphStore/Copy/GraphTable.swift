/// A table of the graph as ``GraphCopy`` reads and writes it: its name and its key, the columns
/// its rows are copied in the order of.
public struct GraphTable: Sendable, Hashable {
  /// The table's name.
  public var name: String
  /// Its primary key (or the unique key rows are ordered by), most significant first.
  public var key: [String]
  /// Whether the first key column is an integer. Rows are copied in key order and committed
  /// batch by batch, so an interrupted copy of such a table resumes at the target's largest
  /// value of it; other tables are read from the start again. Rows already there are skipped.
  public var resumesByKey: Bool
  /// Whether a row of the source replaces the target's row of the same key (`crawl_meta`: a
  /// new graph draws its own crawl id, which the copy replaces by the source's). Such a table's
  /// columns are NOT NULL.
  public var replacesRows: Bool = false

  /// Every table of the graph's schema (``GraphSchema/migrator``), parents before the tables
  /// that refer to them. The text index `element_text` is not among them: each batch of
  /// elements is indexed as it commits (`Database+ElementText`).
  public static let all: [GraphTable] = [
    GraphTable(name: "crawl_meta", key: ["key"], resumesByKey: false, replacesRows: true),
    GraphTable(name: "app", key: ["id"], resumesByKey: true),
    GraphTable(name: "source", key: ["id"], resumesByKey: true),
    GraphTable(name: "page", key: ["id"], resumesByKey: true),
    GraphTable(name: "element", key: ["id"], resumesByKey: true),
    GraphTable(name: "action", key: ["id"], resumesByKey: true),
    GraphTable(name: "visit", key: ["id"], resumesByKey: true),
    GraphTable(name: "visit_edge", key: ["id"], resumesByKey: true),
    GraphTable(name: "edge", key: ["from_page", "action_id", "to_page"], resumesByKey: true),
    GraphTable(name: "reject", key: ["id"], resumesByKey: true),
    GraphTable(name: "ingest_session", key: ["id"], resumesByKey: false),
    GraphTable(name: "ingest_session_step", key: ["session_id", "step"], resumesByKey: false),
    GraphTable(name: "crawl_page", key: ["id"], resumesByKey: true),
    GraphTable(name: "crawl_tried", key: ["page", "action"], resumesByKey: true),
    GraphTable(name: "crawl_space", key: ["page", "action"], resumesByKey: true),
    GraphTable(name: "crawl_action", key: ["id"], resumesByKey: true),
  ]

  /// The key columns, comma-separated.
  var keyList: String { key.joined(separator: ", ") }

  /// Its row count.
  func count(in db: Database) throws -> Int64 {
    try db.scalar("SELECT count(*) FROM \(name)") ?? 0
  }

  /// The largest value of the first key column, nil when the table is empty.
  func largestLeadingKey(in db: Database) throws -> Int64? {
    try db.scalar("SELECT max(\(key[0])) FROM \(name)")
  }

  /// Up to `limit` rows in key order: the first ones from `start` on (the leading key at least
  /// `start`, or all when nil), else those after the key `after`.
  func rows(
    in db: Database, from start: Int64?, after: [DatabaseValue]?, limit: Int
  ) throws -> [Row] {
    var conditions: [String] = []
    var arguments: [DatabaseValue] = []
    if let after {
      let placeholders = Array(repeating: "?", count: key.count).joined(separator: ", ")
      conditions.append(
        key.count == 1 ? "\(key[0]) > ?" : "(\(keyList)) > (\(placeholders))")
      arguments += after
    } else if let start {
      conditions.append("\(key[0]) >= ?")
      arguments.append(.integer(start))
    }
    let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    arguments.append(.integer(Int64(limit)))
    return try db.rows("SELECT * FROM \(name) \(filter) ORDER BY \(keyList) LIMIT ?", arguments)
  }

  /// The statement that inserts a row of `columns`: a row whose key is there already is
  /// skipped (or, for ``replacesRows``, replaced).
  func insertSQL(columns: [String]) -> String {
    let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
    let onConflict: String
    if replacesRows {
      // Only a row that differs is written (and counted); the columns are NOT NULL.
      let values = columns.filter { !key.contains($0) }
      onConflict =
        "ON CONFLICT(\(keyList)) DO UPDATE SET "
        + values.map { "\($0) = excluded.\($0)" }.joined(separator: ", ") + " WHERE "
        + values.map { "\(name).\($0) <> excluded.\($0)" }.joined(separator: " OR ")
    } else {
      onConflict = "ON CONFLICT DO NOTHING"
    }
    return "INSERT INTO \(name)(\(columns.joined(separator: ", "))) VALUES (\(placeholders)) "
      + onConflict
  }
}
