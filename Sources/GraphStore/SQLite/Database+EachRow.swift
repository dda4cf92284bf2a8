extension Database {
  /// Calls `body` with each row of a query, read by column name, as the rows are read (memory
  /// stays flat whatever the number of rows). The statement is prepared for this call alone, so
  /// `body` may run other queries on this connection.
  public func forEachRow(
    _ sql: String, _ arguments: [DatabaseValue] = [], _ body: (Row) throws -> Void
  ) throws {
    let statement = try prepare(sql)
    try statement.bind(arguments)
    let columns = statement.columnNames
    while try statement.step() { try body(Row(columns: columns, values: statement.row())) }
  }
}
