/// Writing a generated file fast: no journal and no syncing (a file interrupted while loading
/// is thrown away, not recovered), then statistics for the query planner.
extension Database {
  /// Turns the journal and syncing off for the rest of this connection's writes.
  public func beginBulkLoad() throws {
    guard engine == .sqlite else { return }
    try execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
  }

  /// Gathers the statistics the query planner uses (`ANALYZE`).
  public func analyze() throws { try execute("ANALYZE") }
}
