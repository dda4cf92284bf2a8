/// Copies a whole graph from one database into another, table by table (``GraphTable/all``),
/// each in key order, in batches committed one by one: memory stays flat whatever the size of
/// the graph, and an interrupted copy, run again with the same two databases, continues where
/// it stopped and ends with the same rows.
///
/// Into an empty PostgreSQL target the rows go without the secondary indexes and the foreign
/// keys, made once at the end (see `GraphCopy+SetAside`), and commits do not wait for the
/// disk (a batch lost to a server crash is copied again by the next run).
///
/// The target must be empty (a new database: only the schema), or an interrupted copy of the
/// same source (the source's crawl id, copied first, says so); a target holding another graph
/// is refused before anything is written. Rows are read and written by column name through
/// ``Database``, so either side may be any engine GraphStore opens.
///
/// ```swift
/// let copy = try GraphCopy(from: source, to: target)
/// let summary = try copy.run { progress in print(progress.table, progress.copied) }
/// ```
public struct GraphCopy {
  /// The oldest schema a copy reads: every table of ``GraphTable/all`` exists from it on.
  public static let minimumSourceVersion = 6

  /// The source.
  public let source: Database
  /// The target, brought to the current schema.
  public let target: Database
  /// The most bytes of text and blobs a batch should hold (its row count adapts to it).
  public var batchBytes = 16 << 20
  /// The most rows a batch holds.
  public var batchRows = 20_000

  /// Where a copy stands, after each batch.
  public struct Progress: Sendable, Hashable {
    /// The table being copied.
    public var table: String
    /// Its rows in the target so far.
    public var copied: Int64
    /// Its rows in the source.
    public var total: Int64
  }

  /// What a copy did, table by table.
  public struct Summary: Sendable, Codable, Hashable {
    /// One table.
    public struct Table: Sendable, Codable, Hashable {
      /// Its name.
      public var name: String
      /// Its rows (in the source and, once complete, in the target).
      public var rows: Int64
      /// The rows this run wrote (fewer than ``rows`` when it resumed an interrupted copy).
      public var written: Int64
    }

    /// Every table, in the order copied.
    public var tables: [Table] = []
    /// Rows in all.
    public var rows: Int64 { tables.reduce(0) { $0 + $1.rows } }
    /// Rows this run wrote.
    public var written: Int64 { tables.reduce(0) { $0 + $1.written } }
    /// Whether the target held part of the copy already.
    public var resumed = false

    enum CodingKeys: String, CodingKey { case tables, resumed, rows, written }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(tables, forKey: .tables)
      try container.encode(resumed, forKey: .resumed)
      try container.encode(rows, forKey: .rows)
      try container.encode(written, forKey: .written)
    }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      tables = try container.decode([Table].self, forKey: .tables)
      resumed = try container.decode(Bool.self, forKey: .resumed)
    }

    init() {}
  }

  /// A copy from `source` to `target`. The target is brought to the current schema (created in
  /// an empty database); nothing is written to the source.
  /// - Throws: ``GraphCopyError`` when the source is older than ``minimumSourceVersion`` or the
  ///   target holds another graph; ``GraphFileError`` or ``MigrationError`` for a database that
  ///   is not an m3m graph this build reads.
  public init(from source: Database, to target: Database) throws {
    guard case .graph(let version) = try GraphSchema.identify(source) else {
      try GraphSchema.requireGraphOrEmpty(source)
      throw GraphFileError(path: source.path, problem: .empty)
    }
    guard version >= Self.minimumSourceVersion else {
      throw GraphCopyError(
        database: source.path,
        problem: .sourceTooOld(version: version, minimum: Self.minimumSourceVersion))
    }
    self.source = source
    self.target = target
    // A graph is checked before anything in it changes; only an empty database is given the
    // schema.
    switch try GraphSchema.identify(target) {
    case .graph(let version) where version == GraphSchema.migrator.latestVersion:
      _ = try resumes()
    case .graph(let version):
      throw GraphCopyError(database: target.path, problem: .targetHoldsOlderGraph(version: version))
    default:
      try GraphSchema.prepare(target)
    }
  }

  /// Whether the target holds part of this copy already: false for an empty target.
  /// - Throws: ``GraphCopyError`` when it holds rows of another graph.
  func resumes() throws -> Bool {
    let crawlID = try Self.crawlID(of: source)
    let targetID = try Self.crawlID(of: target)
    let sameGraph = crawlID != nil && targetID == crawlID
    for table in GraphTable.all where !table.replacesRows {
      let rows = try table.count(in: target)
      guard rows > 0 else { continue }
      guard sameGraph else {
        throw GraphCopyError(
          database: target.path, problem: .targetHoldsAnotherGraph(table: table.name, rows: rows))
      }
      return true
    }
    return false
  }

  /// A graph's crawl id (`crawl_meta`), drawn once when it was created.
  static func crawlID(of db: Database) throws -> String? {
    try db.row("SELECT value FROM crawl_meta WHERE key = 'id'")?["value"].string
  }

  /// Copies every table; `progress` is called after each batch.
  /// - Throws: ``GraphCopyError`` when a table's columns differ or, at the end, a table's row
  ///   count differs from the source's; ``DatabaseError`` from either side (the batches
  ///   committed before it stay: run the copy again to finish it).
  public func run(progress: (Progress) throws -> Void = { _ in }) throws -> Summary {
    var summary = Summary()
    summary.resumed = try resumes()
    try target.beginCopySession()
    if !summary.resumed { try setConstraintsAside() }
    for table in GraphTable.all {
      let written = try copy(table, progress: progress)
      summary.tables.append(
        Summary.Table(name: table.name, rows: try table.count(in: source), written: written))
    }
    try restoreConstraints()
    try target.restartKeySequences(of: GraphTable.all.map(\.name))
    for table in GraphTable.all {
      let (inSource, inTarget) = (try table.count(in: source), try table.count(in: target))
      guard inSource == inTarget else {
        throw GraphCopyError(
          database: target.path,
          problem: .countsDiffer(table: table.name, source: inSource, target: inTarget))
      }
    }
    return summary
  }

  /// Copies one table from where the target's copy of it stopped; returns the rows written.
  private func copy(_ table: GraphTable, progress: (Progress) throws -> Void) throws -> Int64 {
    let total = try table.count(in: source)
    // A table whose rows replace the target's counts the rows read (the target's `crawl_meta`
    // may hold more: what a copy set aside, GraphCopy+SetAside).
    var copied = table.replacesRows ? 0 : try table.count(in: target)
    var written: Int64 = 0
    let start = table.resumesByKey ? try table.largestLeadingKey(in: target) : nil
    var after: [DatabaseValue]?
    var limit = min(batchRows, 500)
    var insert: (sql: String, columns: [String])?
    while true {
      let rows = try table.rows(in: source, from: start, after: after, limit: limit)
      guard let last = rows.last else { break }
      if insert == nil { insert = try insertStatement(table, columns: last.columns) }
      guard let insert else { break }
      // Rows the target may hold already (the first batch of a resumed table, a table read
      // from its start again) are inserted one by one, skipping those; the rest go to a
      // PostgreSQL target in one COPY.
      let mayHoldSome = table.replacesRows || !table.resumesByKey || (after == nil && start != nil)
      let added = try target.inTransaction {
        // Indexed for text search as the batch commits.
        if table.name == "element" { try target.willAddElements() }
        if target.engine == .postgresql, !mayHoldSome {
          return try target.copyIn(
            table: table.name, columns: insert.columns, rows: rows.map(\.values))
        }
        let statement = try target.cachedStatement(insert.sql)
        var added: Int64 = 0
        for row in rows {
          try statement.bindAndRun(row.values)
          added += Int64(target.changes)
        }
        return added
      }
      written += added
      copied += table.replacesRows ? Int64(rows.count) : added
      after = table.key.map { last[$0] }
      try progress(Progress(table: table.name, copied: copied, total: total))
      if rows.count < limit { break }
      limit = nextLimit(after: rows, limit: limit)
    }
    return written
  }

  /// The insert of `table`'s rows, once the target's columns are checked against the source's.
  private func insertStatement(_ table: GraphTable, columns: [String]) throws -> (
    sql: String, columns: [String]
  ) {
    let targetColumns = try target.prepare("SELECT * FROM \(table.name) WHERE 1 = 0").columnNames
    guard Set(targetColumns) == Set(columns), targetColumns.count == columns.count else {
      throw GraphCopyError(
        database: target.path,
        problem: .columnsDiffer(table: table.name, source: columns, target: targetColumns))
    }
    return (table.insertSQL(columns: columns), columns)
  }

  /// The next batch's row count: about ``batchBytes`` of text and blobs, at most ``batchRows``.
  private func nextLimit(after rows: [Row], limit: Int) -> Int {
    let bytes = rows.reduce(0) { sum, row in
      row.values.reduce(sum) { sum, value in
        switch value {
        case .text(let text): sum + text.utf8.count
        case .blob(let bytes): sum + bytes.count
        default: sum + 8
        }
      }
    }
    let perRow = max(1, bytes / max(1, rows.count))
    return max(1, min(batchRows, batchBytes / perRow))
  }
}
