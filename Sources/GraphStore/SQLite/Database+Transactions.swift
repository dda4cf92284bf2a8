/// The one transaction API: every transaction on a graph is opened, committed and rolled back
/// here (``Database/inTransaction(_:)`` for a body that fits in one call; these three for a
/// writer whose transaction spans calls, as ingest's batches do).
extension Database {
  /// Opens a write transaction, waiting for another writer as the busy timeout allows
  /// (`BEGIN IMMEDIATE`).
  public func beginWriteTransaction() throws { try execute("BEGIN IMMEDIATE") }

  /// Commits the open transaction.
  public func commitTransaction() throws { try execute("COMMIT") }

  /// Rolls the open transaction back, if one is open (after an error: it never throws).
  public func rollbackTransaction() {
    if isInTransaction { try? execute("ROLLBACK") }
  }
}
