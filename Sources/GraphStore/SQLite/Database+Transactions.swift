/// The one transaction API: every transaction on a graph is opened, committed and rolled back
/// here (``Database/inTransaction(_:)`` for a body that fits in one call; these three for a
/// writer whose transaction spans calls, as ingest's batches do).
extension Database {
  /// Opens a write transaction, waiting for another writer as the busy timeout allows
  /// (`BEGIN IMMEDIATE`).
  public func beginWriteTransaction() throws {
    try execute("BEGIN IMMEDIATE")
    elementsUnindexedAfter = nil
  }

  /// Runs `body` on one snapshot of the database: its reads see the same committed state even
  /// while another program commits (`BEGIN DEFERRED` on SQLite, `REPEATABLE READ` on
  /// PostgreSQL). Inside an open transaction `body` simply runs in it.
  public func inReadTransaction<T>(_ body: () throws -> T) throws -> T {
    if isInTransaction { return try body() }
    try execute(
      engine == .postgresql ? "BEGIN ISOLATION LEVEL REPEATABLE READ" : "BEGIN DEFERRED")
    elementsUnindexedAfter = nil
    return try committing(body)
  }

  /// Runs `body` in a write transaction: `BEGIN IMMEDIATE` (waiting for another writer as
  /// the busy timeout allows), then `COMMIT`, or `ROLLBACK` if it throws.
  public func inTransaction<T>(_ body: () throws -> T) throws -> T {
    try beginWriteTransaction()
    return try committing(body)
  }

  /// Runs `body` in the transaction just opened: `COMMIT` after it, `ROLLBACK` if it throws.
  private func committing<T>(_ body: () throws -> T) throws -> T {
    do {
      let result = try body()
      try commitTransaction()
      return result
    } catch {
      rollbackTransaction()
      throw error
    }
  }

  /// Commits the open transaction, with the elements it wrote added to the text index first
  /// (``indexAddedElements()``).
  public func commitTransaction() throws {
    try indexAddedElements()
    try execute("COMMIT")
  }

  /// Rolls the open transaction back, if one is open (after an error: it never throws).
  public func rollbackTransaction() {
    elementsUnindexedAfter = nil
    if isInTransaction { try? execute("ROLLBACK") }
  }
}
