/// Writing a generated file fast: no journal and no syncing (a file interrupted while loading
/// is thrown away, not recovered), a page cache large enough for the tables' indexes, and the
/// indexes that enforce nothing built once at the end instead of row by row.
extension Database {
  /// Starts a bulk load into this SQLite graph: the journal and syncing off for the rest of the
  /// connection's writes, a page cache of `cacheBytes` (the default 2 MB would be outgrown by
  /// the indexes long before a million pages), and the non-unique indexes set aside and the
  /// element text index left unfilled until ``BulkLoad/finish()``. Unique keys stay: writers
  /// look rows up by them. Nothing is set aside on PostgreSQL.
  ///
  /// Until `finish()` the file is not a usable graph (searches find nothing, lookups by name
  /// scan): a load that stops before it must be thrown away.
  public func beginBulkLoad(cacheBytes: Int = 1 << 30) throws -> BulkLoad {
    guard engine == .sqlite else {
      return BulkLoad(database: self, deferred: [], cacheSize: nil, elementsBefore: 0)
    }
    try execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
    let cacheSize = try scalar("PRAGMA cache_size")
    try execute("PRAGMA cache_size = \(-max(2048, cacheBytes / 1024))")
    let deferred = try fetchAll(
      """
      SELECT type, name, sql FROM sqlite_master
      WHERE (type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%')
         OR (type = 'trigger' AND name = '\(GraphSchema.elementTextTrigger)')
      ORDER BY type, name
      """
    ).compactMap { row -> BulkLoad.Deferred? in
      guard case .text(let type) = row[0], case .text(let name) = row[1],
        case .text(let sql) = row[2]
      else { return nil }
      return BulkLoad.Deferred(isIndex: type == "index", name: name, sql: sql)
    }
    let elementsBefore = try scalar("SELECT max(id) FROM element") ?? 0
    try inTransaction {
      for item in deferred {
        try execute("DROP \(item.isIndex ? "INDEX" : "TRIGGER") \(item.name)")
      }
    }
    defersElementText = true
    return BulkLoad(
      database: self, deferred: deferred, cacheSize: cacheSize, elementsBefore: elementsBefore)
  }

  /// Gathers the statistics the query planner uses (`ANALYZE`).
  public func analyze() throws { try execute("ANALYZE") }
}

/// A bulk load begun by ``Database/beginBulkLoad(cacheBytes:)``: what it set aside, put back by
/// ``finish()``.
public struct BulkLoad {
  /// An index set aside (or the text index's trigger, in a graph older than version 11): its
  /// name and the statement that made it.
  struct Deferred {
    var isIndex: Bool
    var name: String
    var sql: String
  }

  let database: Database
  let deferred: [Deferred]
  /// `PRAGMA cache_size` before the load; nil on PostgreSQL.
  let cacheSize: Int64?
  /// The largest element id before the load (the text index holds those already).
  let elementsBefore: Int64

  /// Builds the indexes set aside and fills the element text index with the elements loaded
  /// (one statement for all), restores the page cache's size and gathers the planner's
  /// statistics. Call it once, outside a transaction.
  public func finish() throws {
    let db = database
    if let cacheSize {
      try db.inTransaction {
        try db.indexElements(after: elementsBefore)
        for item in deferred { try db.execute(item.sql) }
      }
      db.defersElementText = false
      try db.execute("PRAGMA cache_size = \(cacheSize)")
    }
    try db.analyze()
  }
}
