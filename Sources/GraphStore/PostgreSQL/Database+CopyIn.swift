/// Many rows into one table in one statement: PostgreSQL's `COPY … FROM STDIN`, the way
/// ``GraphCopy`` fills a PostgreSQL graph (a round trip per batch, not per row).
extension Database {
  /// Appends `rows` (values in the order of `columns`) to `table` in one `COPY`; returns the
  /// rows written. Triggers run as for an `INSERT` of the same rows; a row whose key is there
  /// already fails the whole statement (no conflict clause). PostgreSQL only.
  /// - Throws: ``DatabaseError`` (a constraint, a value its column cannot hold, a lost server),
  ///   or when the database is not PostgreSQL.
  func copyIn(table: String, columns: [String], rows: [[DatabaseValue]]) throws -> Int64 {
    let sql = "COPY \(table)(\(columns.joined(separator: ", "))) FROM STDIN"
    guard let postgres else {
      throw DatabaseError(
        code: .misuse, message: "COPY FROM STDIN is PostgreSQL's", sql: sql, path: path)
    }
    var data: [UInt8] = []
    for row in rows { PostgresCopyText.append(row, to: &data) }
    do {
      return Int64(try postgres.copyIn(sql, data: data))
    } catch {
      throw DatabaseError(error)
    }
  }
}

extension Database {
  /// Settings for this session while it copies a graph in (``GraphCopy``): commits that do not
  /// wait for the disk (a copy is checked and resumed by its counts, not by durability), and
  /// memory for the indexes built at the end. Nothing on SQLite.
  func beginCopySession() throws {
    guard engine == .postgresql else { return }
    try execute("SET synchronous_commit = off; SET maintenance_work_mem = '512MB'")
  }
}
