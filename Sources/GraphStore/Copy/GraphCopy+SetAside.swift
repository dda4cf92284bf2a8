/// A copy into an empty PostgreSQL graph writes its rows without the secondary indexes and the
/// foreign keys, and builds them once at the end: filling the trigram and value indexes row by
/// row, and checking each row's references with a query of its own, cost more than the rows.
///
/// What is set aside is recorded in the target's `crawl_meta` (key ``deferredPrefix`` + kind +
/// name, value the statement that makes it again) in the transaction that drops it, and each is
/// made again in the transaction that deletes its record: a copy stopped at any point and run
/// again rebuilds what its first run set aside.
extension GraphCopy {
  /// The `crawl_meta` key of something set aside, before its kind and name.
  static let deferredPrefix = "copy.deferred:"

  /// What a copy into PostgreSQL sets aside while it writes rows: every index that enforces
  /// nothing (not a primary key, not unique) and every foreign key, each with the statement
  /// that drops it and the one that makes it again; nothing on SQLite.
  func constraintsSetAside() throws -> [(key: String, drop: String, make: String)] {
    guard target.engine == .postgresql else { return [] }
    let indexes = try target.rows(
      """
      SELECT indexname, indexdef FROM pg_indexes
      WHERE schemaname = current_schema() AND indexdef NOT LIKE 'CREATE UNIQUE INDEX%'
      ORDER BY indexname
      """
    ).compactMap { row -> (key: String, drop: String, make: String)? in
      guard let name = row["indexname"].string, let make = row["indexdef"].string else {
        return nil
      }
      return (Self.deferredPrefix + "index:" + name, "DROP INDEX \"\(name)\"", make)
    }
    let foreignKeys = try target.rows(
      """
      SELECT CAST(c.conrelid::regclass AS text) AS owner, c.conname AS name,
        pg_get_constraintdef(c.oid) AS definition
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema()
      ORDER BY owner, name
      """
    ).compactMap { row -> (key: String, drop: String, make: String)? in
      guard let table = row["owner"].string, let name = row["name"].string,
        let definition = row["definition"].string
      else { return nil }
      return (
        Self.deferredPrefix + "foreign_key:" + table + "." + name,
        "ALTER TABLE \(table) DROP CONSTRAINT \"\(name)\"",
        "ALTER TABLE \(table) ADD CONSTRAINT \"\(name)\" \(definition)"
      )
    }
    return indexes + foreignKeys
  }

  /// Sets the target's secondary indexes and foreign keys aside (an empty PostgreSQL target:
  /// nothing to index or check yet), recording each.
  func setConstraintsAside() throws {
    let items = try constraintsSetAside()
    guard !items.isEmpty else { return }
    try target.inTransaction {
      for item in items {
        try target.cachedStatement(
          "INSERT INTO crawl_meta(key, value) VALUES (?, ?) ON CONFLICT DO NOTHING"
        ).bindAndRun([.text(item.key), .text(item.make)])
        try target.execute(item.drop)
      }
    }
  }

  /// What was set aside and not yet made again (by this copy or an interrupted one): each
  /// record's key and statement, indexes first.
  func recordedAside() throws -> [(key: String, make: String)] {
    try target.rows(
      """
      SELECT key, value FROM crawl_meta WHERE substr(key, 1, \(Self.deferredPrefix.count)) = ?
      ORDER BY key DESC
      """,
      [.text(Self.deferredPrefix)]
    ).compactMap { row in
      guard let key = row["key"].string, let make = row["value"].string else { return nil }
      return (key, make)
    }
  }

  /// Makes again everything set aside, each in one transaction with the deletion of its
  /// record. Foreign keys are checked against the rows as they are added back.
  func restoreConstraints() throws {
    for item in try recordedAside() {
      try target.inTransaction {
        try target.execute(item.make)
        try target.cachedStatement("DELETE FROM crawl_meta WHERE key = ?").bindAndRun([
          .text(item.key)
        ])
      }
    }
  }
}
