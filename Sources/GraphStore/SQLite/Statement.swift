internal import CSQLite

/// A prepared SQL statement: bind values, step through rows, read columns, reset, reuse.
///
/// ```swift
/// let insert = try db.prepare("INSERT INTO page(name, depth) VALUES (?, ?)")
/// for (name, depth) in pages {
///   try insert.bind(name, at: 1)
///   try insert.bind(depth, at: 2)
///   try insert.run()          // steps to the end, then resets
/// }
/// ```
public final class Statement {
  /// The SQL text.
  public let sql: String
  /// The SQLite statement (nil on PostgreSQL).
  let handle: OpaquePointer?
  /// The PostgreSQL statement (nil on SQLite).
  let postgres: PostgresStatement?
  unowned let database: Database

  init(database: Database, sql: String, persistent: Bool) throws {
    self.sql = sql
    self.database = database
    if let connection = database.postgres {
      do {
        postgres = try PostgresStatement(connection: connection, sql: sql)
      } catch {
        throw DatabaseError(error)
      }
      handle = nil
      return
    }
    postgres = nil
    var statement: OpaquePointer?
    let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
    let code = sqlite3_prepare_v3(database.handle, sql, -1, flags, &statement, nil)
    guard code == SQLITE_OK, let statement else {
      throw database.error(code, sql: sql)
    }
    self.handle = statement
  }

  deinit { if let handle { sqlite3_finalize(handle) } }

  // MARK: - Binding

  /// Binds an integer to a 1-based parameter.
  public func bind(_ value: Int64, at index: Int32) throws {
    if let postgres { return try postgres.bind(.integer(value), at: index, database: database) }
    try check(sqlite3_bind_int64(handle, index, value))
  }

  /// Binds an integer to a 1-based parameter.
  public func bind(_ value: Int, at index: Int32) throws { try bind(Int64(value), at: index) }

  /// Binds a boolean (0 or 1).
  public func bind(_ value: Bool, at index: Int32) throws {
    try bind(Int64(value ? 1 : 0), at: index)
  }

  /// Binds a double.
  public func bind(_ value: Double, at index: Int32) throws {
    if let postgres { return try postgres.bind(.real(value), at: index, database: database) }
    try check(sqlite3_bind_double(handle, index, value))
  }

  /// Binds text (copied by SQLite; longer than SQLite's limit is an error, not a trap).
  public func bind(_ value: String, at index: Int32) throws {
    if let postgres { return try postgres.bind(.text(value), at: index, database: database) }
    var value = value
    try value.withUTF8 { utf8 in
      try check(
        sqlite3_bind_text64(
          handle, index,
          UnsafeRawPointer(utf8.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            .assumingMemoryBound(to: CChar.self), UInt64(utf8.count), csqlite_transient(),
          UInt8(SQLITE_UTF8)))
    }
  }

  /// Binds a blob (copied by SQLite).
  public func bind(_ value: [UInt8], at index: Int32) throws {
    if let postgres { return try postgres.bind(.blob(value), at: index, database: database) }
    try value.withUnsafeBytes { bytes in
      try check(
        sqlite3_bind_blob64(
          handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!,
          UInt64(bytes.count), csqlite_transient()))
    }
  }

  /// Binds NULL.
  public func bindNull(at index: Int32) throws {
    if let postgres { return try postgres.bind(.null, at: index, database: database) }
    try check(sqlite3_bind_null(handle, index))
  }

  /// Binds any ``DatabaseValue``.
  public func bind(_ value: DatabaseValue, at index: Int32) throws {
    switch value {
    case .null: try bindNull(at: index)
    case .integer(let number): try bind(number, at: index)
    case .real(let number): try bind(number, at: index)
    case .text(let text): try bind(text, at: index)
    case .blob(let bytes): try bind(bytes, at: index)
    }
  }

  /// Binds values to parameters 1, 2, … in order.
  public func bind(_ values: [DatabaseValue]) throws {
    for (offset, value) in values.enumerated() { try bind(value, at: Int32(offset + 1)) }
  }

  /// Binds a value to a named parameter (`:name`, `@name` or `$name`).
  public func bind(_ value: DatabaseValue, named name: String) throws {
    guard postgres == nil else {
      throw DatabaseError(
        code: .misuse, message: "named parameters are SQLite's only; use ? or ?NNN", sql: sql,
        path: database.path)
    }
    let index = sqlite3_bind_parameter_index(handle, name)
    guard index > 0 else {
      throw DatabaseError(
        code: .misuse, message: "no parameter named \(name)", sql: sql,
        path: database.path)
    }
    try bind(value, at: index)
  }

  // MARK: - Stepping

  /// Advances to the next row: true when a row is ready, false when the statement is done.
  @discardableResult
  public func step() throws -> Bool {
    if let postgres { return try postgres.step(database: database) }
    let code = sqlite3_step(handle)
    switch code {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default:
      let error = database.error(code, sql: sql)
      sqlite3_reset(handle)
      throw error
    }
  }

  /// Steps to the end (for statements that return no rows), then resets, keeping bindings.
  public func run() throws {
    defer { reset() }
    while try step() {}
  }

  /// Resets so the statement can run again; bindings stay.
  public func reset() {
    if let postgres { return postgres.reset() }
    sqlite3_reset(handle)
  }

  /// Clears every binding to NULL.
  public func clearBindings() {
    if let postgres { return postgres.clearBindings() }
    sqlite3_clear_bindings(handle)
  }

  // MARK: - Columns

  /// The number of result columns.
  public var columnCount: Int32 {
    if let postgres { return Int32(truncatingIfNeeded: columnNames.count) }
    return sqlite3_column_count(handle)
  }

  /// The result column names (read once: a prepared statement's columns do not change).
  public private(set) lazy var columnNames: [String] =
    postgres.map { $0.columnNames }
    ?? (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }

  /// True when a column of the current row is NULL.
  public func isNull(_ column: Int32) -> Bool {
    if let postgres { return postgres.value(column).isNull }
    return sqlite3_column_type(handle, column) == SQLITE_NULL
  }

  /// A column as an integer (0 for NULL).
  public func int64(_ column: Int32) -> Int64 {
    if let postgres { return postgres.value(column).integerValue }
    return sqlite3_column_int64(handle, column)
  }

  /// A column as an Int (0 for NULL).
  public func int(_ column: Int32) -> Int { Int(int64(column)) }

  /// A column as a double (0 for NULL).
  public func double(_ column: Int32) -> Double {
    if let postgres { return postgres.value(column).double ?? 0 }
    return sqlite3_column_double(handle, column)
  }

  /// A column as text (empty for NULL).
  public func string(_ column: Int32) -> String {
    if let postgres { return postgres.value(column).textValue }
    guard let text = sqlite3_column_text(handle, column) else { return "" }
    let count = Int(sqlite3_column_bytes(handle, column))
    return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
  }

  /// A column as text, nil for NULL.
  public func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }

  /// A column as an integer, nil for NULL.
  public func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

  /// A column as bytes (empty for NULL).
  public func blob(_ column: Int32) -> [UInt8] {
    if let postgres {
      if case .blob(let bytes) = postgres.value(column) { return bytes }
      return Array(postgres.value(column).textValue.utf8)
    }
    let count = Int(sqlite3_column_bytes(handle, column))
    guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return [] }
    return Array(UnsafeRawBufferPointer(start: bytes, count: count))
  }

  /// A column as a ``DatabaseValue``.
  public func value(_ column: Int32) -> DatabaseValue {
    if let postgres { return postgres.value(column) }
    return switch sqlite3_column_type(handle, column) {
    case SQLITE_INTEGER: .integer(int64(column))
    case SQLITE_FLOAT: .real(double(column))
    case SQLITE_TEXT: .text(string(column))
    case SQLITE_BLOB: .blob(blob(column))
    default: .null
    }
  }

  /// The current row as values.
  public func row() -> [DatabaseValue] { (0..<columnCount).map(value) }

  private func check(_ code: Int32) throws {
    guard code == SQLITE_OK else { throw database.error(code, sql: sql) }
  }
}

extension Statement {
  /// Binds values to parameters 1, 2, … and runs the statement to the end.
  public func bindAndRun(_ values: [DatabaseValue]) throws {
    try bind(values)
    try run()
  }
}
