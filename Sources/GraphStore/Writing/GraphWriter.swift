/// The one writer of the graph's tables: ingest, the crawler (through ingest) and the
/// generated graphs of tests and benchmarks all write their rows through it, so a column added
/// to a table is written in one place.
///
/// Writes happen inside a transaction the caller opens with ``beginWrite()`` and closes with
/// ``commit()`` (or ``rollback()``): ingest commits in batches that span many steps.
///
/// ```swift
/// let writer = try GraphWriter(database: db)
/// try writer.beginWrite()
/// let app = try writer.app(named: "demo")
/// let page = try writer.insertPage(PageRow(app: app, name: "home", …))
/// try writer.commit()
/// ```
public final class GraphWriter {
  /// The connection written to.
  public let database: Database
  /// `PRAGMA data_version` when this writer last began writing.
  private var dataVersion: Int64?

  /// A writer into `database`, migrated to the current schema first.
  public init(database: Database) throws {
    self.database = database
    try GraphSchema.prepare(database)
  }

  private var db: Database { database }

  // MARK: - Transactions

  /// Opens a write transaction (`BEGIN IMMEDIATE`, waiting for another writer as the
  /// connection's busy timeout allows).
  /// - Returns: true when another connection committed since this writer last began (what the
  ///   caller keeps in memory about the graph may be stale).
  @discardableResult
  public func beginWrite() throws -> Bool {
    try db.beginWriteTransaction()
    let version = try db.dataVersion()
    defer { dataVersion = version }
    return dataVersion != nil && dataVersion != version
  }

  /// Commits the open transaction.
  public func commit() throws { try db.commitTransaction() }

  /// Rolls the open transaction back, if one is open (after an error: it never throws).
  public func rollback() {
    db.rollbackTransaction()
  }

  /// Runs `body` in a write transaction: committed when it returns, rolled back when it throws.
  public func inTransaction<T>(_ body: () throws -> T) throws -> T {
    try beginWrite()
    do {
      let result = try body()
      try commit()
      return result
    } catch {
      rollback()
      throw error
    }
  }

  // MARK: - Sources and apps

  /// The id of the source with `row`'s fingerprint, written first when there is none.
  public func source(_ row: SourceRow) throws -> Int64 {
    try findOrAddSource(row).id
  }

  /// The id of the source with `row`'s fingerprint, and whether this call wrote it: a new
  /// source costs one statement (the insert), a known one two.
  public func findOrAddSource(_ row: SourceRow) throws -> (id: Int64, isNew: Bool) {
    if let id = try insertedID(
      """
      INSERT INTO source(path, format, fingerprint, status) VALUES (?, ?, ?, ?)
      ON CONFLICT(fingerprint) DO NOTHING
      """,
      [.text(row.path), .text(row.format), .text(row.fingerprint), .text(row.status.rawValue)])
    {
      return (id, true)
    }
    guard
      let id = try db.scalar(
        "SELECT id FROM source WHERE fingerprint = ?", [.text(row.fingerprint)])
    else {
      throw GraphQueryError(path: db.path, reason: "source '\(row.path)' could not be written")
    }
    return (id, false)
  }

  /// The number of sources recorded.
  public func sourceCount() throws -> Int64 {
    try db.scalar("SELECT count(*) FROM source") ?? 0
  }

  /// Marks a source done (every step recorded), with the time.
  public func finishSource(_ source: Int64) throws {
    try db.cachedStatement(
      "UPDATE source SET status = 'done', finished_at = datetime('now') WHERE id = ?"
    ).bindAndRun([.integer(source)])
  }

  /// Marks a source done (every step recorded), with the time, the steps read and its rejects
  /// counted: ``finishSource(_:)`` and ``recordProgress(source:stepsDone:)`` in one statement.
  public func finishSource(_ source: Int64, stepsDone: Int) throws {
    try db.cachedStatement(
      """
      UPDATE source SET status = 'done', finished_at = datetime('now'), steps_done = ?1,
        rejected = (SELECT count(*) FROM reject WHERE source_id = ?2) WHERE id = ?2
      """
    ).bindAndRun([DatabaseValue(stepsDone), .integer(source)])
  }

  /// Records how many steps of a source were read, and counts its rejects.
  public func recordProgress(source: Int64, stepsDone: Int) throws {
    try db.cachedStatement(
      """
      UPDATE source SET steps_done = ?1,
        rejected = (SELECT count(*) FROM reject WHERE source_id = ?2) WHERE id = ?2
      """
    ).bindAndRun([DatabaseValue(stepsDone), .integer(source)])
  }

  /// Counts one more step read from a source.
  public func countStep(source: Int64) throws {
    try db.cachedStatement("UPDATE source SET steps_done = steps_done + 1 WHERE id = ?")
      .bindAndRun([.integer(source)])
  }

  /// The id of the app named `name`, written first when there is none.
  public func app(named name: String) throws -> Int64 {
    if let id = try db.scalar("SELECT id FROM app WHERE name = ?", [.text(name)]) { return id }
    return try insertRow("INSERT INTO app(name) VALUES (?)", [.text(name)])
  }

  // MARK: - Pages, visits, elements

  /// Writes a unique page; returns its id.
  public func insertPage(_ row: PageRow) throws -> Int64 {
    try insertRow(
      """
      INSERT INTO page(app_id, name, line_set_hash, line_hashes, html, xml_path, screenshot_path,
                       screenshot_digest)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        .integer(row.app), DatabaseValue(row.name), .integer(row.lineSetHash),
        .blob(row.lineHashes), .text(row.html), DatabaseValue(row.xmlPath),
        DatabaseValue(row.screenshotPath), DatabaseValue(row.screenshotDigest),
      ])
  }

  /// Replaces a page's line hashes and line-set hash (a generated graph given real screens).
  public func setLineHashes(page: Int64, lineHashes: [UInt8], lineSetHash: Int64) throws {
    try db.cachedStatement("UPDATE page SET line_hashes = ?, line_set_hash = ? WHERE id = ?")
      .bindAndRun([.blob(lineHashes), .integer(lineSetHash), .integer(page)])
  }

  /// Writes an element of a page; returns its id.
  @discardableResult
  public func insertElement(_ row: ElementRow) throws -> Int64 {
    try addingElements {
      try insertElementRow(row)
    }
  }

  private func insertElementRow(_ row: ElementRow) throws -> Int64 {
    try insertRow(
      """
      INSERT INTO element(page_id, node_index, class, text, content_desc, resource_id,
                          x1, y1, x2, y2, clickable, scrollable, editable, html_line)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        .integer(row.page), .integer(row.nodeIndex), .text(row.className), .text(row.text),
        .text(row.contentDescription), .text(row.resourceID), DatabaseValue(row.box?.left),
        DatabaseValue(row.box?.top), DatabaseValue(row.box?.right),
        DatabaseValue(row.box?.bottom), DatabaseValue(row.clickable),
        DatabaseValue(row.scrollable), DatabaseValue(row.editable), DatabaseValue(row.htmlLine),
      ])
  }

  /// Writes a page's elements, many rows to a statement.
  public func insertElements(_ rows: [ElementRow]) throws {
    guard !rows.isEmpty else { return }
    try addingElements {
      try insertElementRows(rows)
    }
  }

  /// Runs `write`, which adds element rows, so that they reach the text index when its
  /// transaction commits (`Database+ElementText`); in a transaction of its own when none is
  /// open.
  private func addingElements<T>(_ write: () throws -> T) throws -> T {
    guard db.isInTransaction else { return try db.inTransaction { try addingElements(write) } }
    try db.willAddElements()
    return try write()
  }

  private func insertElementRows(_ rows: [ElementRow]) throws {
    var start = rows.startIndex
    while start < rows.endIndex {
      // Chunks of a power of two, so a handful of statements serve every page size.
      var count = Self.elementChunk
      while count > rows.endIndex - start { count /= 2 }
      let chunk = rows[start..<start + count]
      var values: [DatabaseValue] = []
      values.reserveCapacity(count * 14)
      for row in chunk {
        values += [
          .integer(row.page), .integer(row.nodeIndex), .text(row.className), .text(row.text),
          .text(row.contentDescription), .text(row.resourceID), DatabaseValue(row.box?.left),
          DatabaseValue(row.box?.top), DatabaseValue(row.box?.right),
          DatabaseValue(row.box?.bottom), DatabaseValue(row.clickable),
          DatabaseValue(row.scrollable), DatabaseValue(row.editable), DatabaseValue(row.htmlLine),
        ]
      }
      try db.cachedStatement(Self.insertElementsSQL(count)).bindAndRun(values)
      start += count
    }
  }

  /// The most element rows written by one statement (14 values each: well under every
  /// engine's limit on bound values).
  static let elementChunk = 128

  private static func insertElementsSQL(_ count: Int) -> String {
    "INSERT INTO element(page_id, node_index, class, text, content_desc, resource_id, "
      + "x1, y1, x2, y2, clickable, scrollable, editable, html_line) VALUES "
      + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: count).joined(
        separator: ", ")
  }

  /// Writes a visit; returns its id.
  public func insertVisit(_ row: VisitRow) throws -> Int64 {
    try insertRow(
      """
      INSERT INTO visit(source_id, app_id, record, name, parent_visit_id, depth, page_id,
                        matched_by, jaccard, pixel_difference, xml_path, screenshot_path,
                        screenshot_digest, line_set_hash)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        .integer(row.source), .integer(row.app), .text(row.record), DatabaseValue(row.name),
        DatabaseValue(row.parentVisit), .integer(row.depth), .integer(row.page),
        .text(row.matchedBy), DatabaseValue(row.jaccard), DatabaseValue(row.pixelDifference),
        DatabaseValue(row.xmlPath), DatabaseValue(row.screenshotPath),
        DatabaseValue(row.screenshotDigest), .integer(row.lineSetHash),
      ])
  }

  // MARK: - Actions and transitions

  /// The id of the app's action with `row`'s key, written first when there is none.
  public func action(_ row: ActionRow) throws -> Int64 {
    if let id = try insertedID(
      """
      INSERT INTO action(app_id, type, key, mobile3m, text, direction)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
      """,
      [
        .integer(row.app), .text(row.type), .text(row.key), DatabaseValue(row.mobile3M),
        DatabaseValue(row.text), DatabaseValue(row.direction),
      ])
    {
      return id
    }
    guard
      let id = try db.scalar(
        "SELECT id FROM action WHERE app_id = ? AND key = ?", [.integer(row.app), .text(row.key)])
    else {
      throw GraphQueryError(path: db.path, reason: "action '\(row.key)' could not be written")
    }
    return id
  }

  /// Writes a transition between two visits (nothing when it is recorded already).
  public func insertTransition(_ row: TransitionRow) throws {
    try db.cachedStatement(TransitionRow.insertSQL).bindAndRun(row.insertValues)
  }

  /// Writes a transition between two visits (nothing when it is recorded already) and adds its
  /// edge between unique pages (``insertTransition(_:)`` then ``addEdge(_:)``): on PostgreSQL
  /// in one statement, one round trip to the server instead of two.
  /// - Returns: true when the edge is new.
  @discardableResult
  public func addTransition(_ transition: TransitionRow, edge: EdgeRow) throws -> Bool {
    guard db.engine == .postgresql else {
      try insertTransition(transition)
      return try addEdge(edge)
    }
    return try upsertEdge(
      edge, sql: "WITH transition AS (\(TransitionRow.insertSQL))\n\(EdgeRow.upsertSQL)",
      leading: transition.insertValues)
  }

  /// Adds an edge between unique pages, or adds its count to the edge already there.
  /// - Returns: true when the edge is new.
  @discardableResult
  public func addEdge(_ row: EdgeRow) throws -> Bool {
    try upsertEdge(row, sql: EdgeRow.upsertSQL, leading: [])
  }

  /// Runs `sql`, which ends with ``EdgeRow/upsertSQL``, bound to `leading` then `row`'s values.
  /// - Returns: true when the edge is new (its count is the row's own).
  private func upsertEdge(_ row: EdgeRow, sql: String, leading: [DatabaseValue]) throws -> Bool {
    let upsert = try db.cachedStatement(sql)
    try upsert.bind(leading + row.upsertValues)
    defer { upsert.reset() }
    let isNew = try upsert.step() && upsert.int64(0) == row.count
    while try upsert.step() {}
    return isNew
  }

  // MARK: - Keys of new rows

  /// Runs an INSERT of one row into a table keyed by `id`; returns the new row's id.
  private func insertRow(_ sql: String, _ values: [DatabaseValue]) throws -> Int64 {
    guard let id = try insertedID(sql, values) else {
      throw GraphQueryError(path: db.path, reason: "the server returned no id for a new row")
    }
    return id
  }

  /// Runs an INSERT of one row into a table keyed by `id`; returns the new row's id, or nil when
  /// `ON CONFLICT DO NOTHING` left it out. PostgreSQL's insert returns the id itself
  /// (`RETURNING id`: no second round trip for `lastval()`); SQLite's is its last rowid.
  private func insertedID(_ sql: String, _ values: [DatabaseValue]) throws -> Int64? {
    guard db.engine == .postgresql else {
      try db.cachedStatement(sql).bindAndRun(values)
      return db.changes == 1 ? db.lastInsertRowID : nil
    }
    let insert = try db.cachedStatement(sql + " RETURNING id")
    try insert.bind(values)
    defer { insert.reset() }
    guard try insert.step() else { return nil }
    return insert.int64(0)
  }

  // MARK: - Rejects

  /// Records a reject; recording the same one again adds nothing (for a whole source that
  /// could not be read, the same file and reason).
  /// - Returns: true when the reject is new, false when it was recorded before.
  @discardableResult
  public func reject(_ row: RejectRow) throws -> Bool {
    if let source = row.source {
      try db.cachedStatement(
        """
        INSERT INTO reject(source_id, file, record, reason) VALUES (?, ?, ?, ?)
        ON CONFLICT DO NOTHING
        """
      ).bindAndRun([.integer(source), .text(row.file), .text(row.record), .text(row.reason)])
    } else {
      try db.cachedStatement(
        """
        INSERT INTO reject(source_id, file, record, reason) SELECT NULL, ?1, ?3, ?2
        WHERE NOT EXISTS (
          SELECT 1 FROM reject WHERE source_id IS NULL AND file = ?1 AND reason = ?2)
        """
      ).bindAndRun([.text(row.file), .text(row.reason), .text(row.record)])
    }
    return db.changes > 0
  }
}

extension TransitionRow {
  /// The INSERT of one transition (nothing when it is recorded already), bound to
  /// ``insertValues``.
  fileprivate static let insertSQL = """
    INSERT INTO visit_edge(source_id, from_visit, to_visit, action_id, element_id,
                           x, y, self_loop)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
    """

  /// The values ``insertSQL`` binds, in its order.
  fileprivate var insertValues: [DatabaseValue] {
    [
      .integer(source), .integer(fromVisit), .integer(toVisit), .integer(action),
      DatabaseValue(element), DatabaseValue(x), DatabaseValue(y), DatabaseValue(selfLoop),
    ]
  }
}

extension EdgeRow {
  /// The upsert of one edge (its count added to the edge already there), returning the
  /// edge's count; bound to ``upsertValues``.
  fileprivate static let upsertSQL = """
    INSERT INTO edge(from_page, action_id, to_page, element_id, count, self_loop)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT(from_page, action_id, to_page) DO UPDATE SET count = edge.count + excluded.count
    RETURNING count
    """

  /// The values ``upsertSQL`` binds, in its order.
  fileprivate var upsertValues: [DatabaseValue] {
    [
      .integer(fromPage), .integer(action), .integer(toPage), DatabaseValue(element),
      .integer(count), DatabaseValue(selfLoop),
    ]
  }
}
