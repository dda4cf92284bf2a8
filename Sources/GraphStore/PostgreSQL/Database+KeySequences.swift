/// Identity keys after rows were written with their ids (`m3m copy`): PostgreSQL's identity
/// columns draw from a sequence that explicit ids do not move, so the next insert would reuse an
/// id. SQLite's integer keys need nothing: they follow the largest id.
extension Database {
  /// Moves every identity column's sequence of `tables` past the largest id the table holds
  /// (nothing on SQLite).
  public func restartKeySequences(of tables: [String]) throws {
    guard engine == .postgresql else { return }
    for table in tables {
      let columns = try fetchAll(
        """
        SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ? AND is_identity = 'YES'
        """, [.text(table)])
      for column in columns.compactMap({ $0[0].string }) {
        _ = try fetchAll(
          """
          SELECT setval(pg_get_serial_sequence(?, ?),
                        (SELECT coalesce(max(\(column)), 0) + 1 FROM \(table)), false)
          """, [.text(table), .text(column)])
      }
    }
  }
}
