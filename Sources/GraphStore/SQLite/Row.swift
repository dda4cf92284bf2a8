/// One result row, read by column name (`row["page_id"]`), so a query's columns can change
/// order or grow without its readers counting positions.
public struct Row: Sendable, Hashable {
  /// The result column names, in order.
  public let columns: [String]
  /// The values, in the order of ``columns``.
  public let values: [DatabaseValue]

  /// A row of `values` named by `columns`.
  public init(columns: [String], values: [DatabaseValue]) {
    self.columns = columns
    self.values = values
  }

  /// The value of the column named `column` (as the query names it: `AS` aliases included),
  /// NULL when the query has no such column.
  public subscript(_ column: String) -> DatabaseValue {
    guard let index = columns.firstIndex(of: column) else { return .null }
    return values[index]
  }
}

extension Statement {
  /// The current row, read by column name.
  public func namedRow() -> Row { Row(columns: columnNames, values: row()) }
}

extension Database {
  /// Every row of a query, each read by column name.
  public func rows(_ sql: String, _ arguments: [DatabaseValue] = []) throws -> [Row] {
    let statement = try cachedStatement(sql)
    try statement.bind(arguments)
    defer { statement.reset() }
    let columns = statement.columnNames
    var rows: [Row] = []
    while try statement.step() { rows.append(Row(columns: columns, values: statement.row())) }
    return rows
  }

  /// The first row of a query, read by column name, or nil.
  public func row(_ sql: String, _ arguments: [DatabaseValue] = []) throws -> Row? {
    let statement = try cachedStatement(sql)
    try statement.bind(arguments)
    defer { statement.reset() }
    return try statement.step() ? statement.namedRow() : nil
  }
}
