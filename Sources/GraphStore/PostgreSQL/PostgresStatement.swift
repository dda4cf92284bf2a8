/// A statement prepared on a PostgreSQL server, stepped like an SQLite one: its parameters are
/// kept until it runs, its rows are fetched on the first step and read one by one.
final class PostgresStatement {
  private let connection: PostgresConnection
  /// The server's name for it; nil until it is prepared with its parameters' types.
  private var name: String?
  /// The parameter types it was prepared with, when the server could not infer them.
  private var preparedTypes: [UInt32]?
  /// The SQL as sent (parameters numbered `$1`, `$2`, …).
  private let sql: String
  private var parameters: [DatabaseValue]
  private var result: PostgresResult?
  private var row = -1

  init(connection: PostgresConnection, sql: String) throws(PostgresError) {
    let numbered = PostgresDialect.numberingParameters(sql)
    self.connection = connection
    self.sql = numbered.sql
    parameters = Array(repeating: .null, count: numbered.count)
    do {
      name = try connection.prepare(numbered.sql)
    } catch {
      // A parameter whose first use gives it no type (`?1 IS NULL OR name = ?1`): prepared
      // when it runs, typed by the values bound then.
      // (SQLSTATE 42P18 indeterminate, or 42P08 ambiguous, datatype)
      guard error.sqlState == "42P18" || error.sqlState == "42P08" else { throw error }
      name = nil
    }
  }

  deinit { if let name { connection.deallocate(name) } }

  /// The result column names.
  private(set) lazy var columnNames: [String] =
    result?.columnNames
    ?? (try? connection.columnNames(ofPrepared: preparedName(), sql: sql)) ?? []

  /// The prepared statement's name, preparing it with the bound values' types when the
  /// server could not infer them (again when those types changed).
  private func preparedName() throws(PostgresError) -> String {
    if let name, preparedTypes == nil { return name }
    let types = parameters.map(Self.type)
    if let name, types == preparedTypes { return name }
    if let name { connection.deallocate(name) }
    name = nil
    let prepared = try connection.prepare(sql, types: types)
    name = prepared
    preparedTypes = types
    return prepared
  }

  /// The type OID a value is sent as: `int8`, `float8`, `text` (NULL too) or `bytea`.
  private static func type(of value: DatabaseValue) -> UInt32 {
    switch value {
    case .integer: 20
    case .real: 701
    case .blob: 17
    case .null, .text: 25
    }
  }

  /// Sets a 1-based parameter.
  func bind(_ value: DatabaseValue, at index: Int32, database: Database) throws {
    guard index >= 1, Int(index) <= parameters.count else {
      throw DatabaseError(
        code: .misuse, message: "no parameter \(index) (the statement has \(parameters.count))",
        sql: sql, path: database.path)
    }
    parameters[Int(index) - 1] = value
  }

  /// Runs the statement on the first call, then moves to the next row: true when there is one.
  func step(database: Database) throws -> Bool {
    if result == nil {
      do {
        result = try connection.runPrepared(preparedName(), sql: sql, parameters: parameters)
      } catch {
        throw DatabaseError(error)
      }
      row = -1
    }
    row += 1
    return row < result?.rowCount ?? 0
  }

  /// Forgets the rows so the next step runs the statement again; parameters stay.
  func reset() {
    result = nil
    row = -1
  }

  /// Sets every parameter to NULL.
  func clearBindings() { parameters = parameters.map { _ in .null } }

  /// A column of the current row (NULL before the first row and after the last).
  func value(_ column: Int32) -> DatabaseValue {
    guard let result, row >= 0, row < result.rowCount, column >= 0, column < result.columnCount
    else { return .null }
    return result.value(row: row, column: column)
  }
}

extension DatabaseValue {
  /// The value as SQLite's `sqlite3_column_int64` reads it: reals truncated, text parsed,
  /// 0 for NULL and what does not parse.
  var integerValue: Int64 {
    switch self {
    case .integer(let value): value
    case .real(let value): value.isFinite ? Int64(exactly: value.rounded(.towardZero)) ?? 0 : 0
    case .text(let text): Int64(text) ?? 0
    default: 0
    }
  }

  /// The value as SQLite's `sqlite3_column_text` reads it: numbers written out, bytes as UTF-8,
  /// empty for NULL.
  var textValue: String {
    switch self {
    case .null: ""
    case .integer(let value): String(value)
    case .real(let value): "\(value)"
    case .text(let text): text
    case .blob(let bytes): String(decoding: bytes, as: UTF8.self)
    }
  }
}
