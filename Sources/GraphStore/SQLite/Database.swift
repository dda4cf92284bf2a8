internal import CSQLite

/// One SQLite connection. Not thread-safe: use it from one thread at a time (``DatabaseQueue``
/// serialises a shared one).
///
/// ```swift
/// let db = try Database(path: "graph.sqlite")
/// try db.execute("CREATE TABLE t(x INTEGER)")
/// try db.inTransaction { try db.execute("INSERT INTO t VALUES (1)") }
/// try db.scalar("SELECT count(*) FROM t")  // 1
/// ```
public final class Database {
  /// The file path, or `:memory:`.
  public let path: String
  let handle: OpaquePointer
  private var statementCache: [String: Statement] = [:]

  /// How a connection opens its file.
  public enum Mode: Sendable {
    /// Read and write, creating the file when missing (WAL journal for files).
    case readWrite
    /// Read only; the file must exist.
    case readOnly
  }

  /// Opens (or creates) a database.
  /// - Parameters:
  ///   - path: a file path or `:memory:`.
  ///   - mode: read-write (default) or read-only.
  ///   - busyTimeout: how long to wait for a lock held by another connection, in seconds.
  /// - Throws: ``DatabaseError`` when the file cannot be opened or is not a database.
  public init(path: String, mode: Mode = .readWrite, busyTimeout: Double = 5) throws {
    self.path = path
    var connection: OpaquePointer?
    let flags =
      (mode == .readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
      | SQLITE_OPEN_NOMUTEX
    let code = sqlite3_open_v2(path, &connection, flags, nil)
    guard code == SQLITE_OK, let connection else {
      let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      // A handle is returned even on failure and must be closed.
      sqlite3_close(connection)
      throw DatabaseError(code: ResultCode(rawValue: code), message: message, path: path)
    }
    handle = connection
    sqlite3_extended_result_codes(handle, 1)
    sqlite3_busy_timeout(handle, Int32(busyTimeout * 1000))
    do {
      // Reading the schema fails here when the file is not a database.
      try execute("PRAGMA foreign_keys = ON")
      if mode == .readWrite, path != ":memory:", !path.isEmpty {
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = NORMAL")
      }
    } catch {
      sqlite3_close_v2(handle)
      throw error
    }
  }

  deinit {
    statementCache.removeAll()
    sqlite3_close_v2(handle)
  }

  /// Runs one or more SQL statements that return no rows.
  public func execute(_ sql: String) throws {
    var message: UnsafeMutablePointer<CChar>?
    let code = sqlite3_exec(handle, sql, nil, nil, &message)
    if code != SQLITE_OK {
      let text = message.map { String(cString: $0) } ?? lastErrorMessage
      sqlite3_free(message)
      throw DatabaseError(
        code: ResultCode(rawValue: sqlite3_extended_errcode(handle)), message: text, sql: sql,
        path: path)
    }
  }

  /// Prepares a statement.
  public func prepare(_ sql: String) throws -> Statement {
    try Statement(database: self, sql: sql, persistent: false)
  }

  /// A prepared statement kept for reuse, keyed by its SQL (reset before it is returned).
  public func cachedStatement(_ sql: String) throws -> Statement {
    if let statement = statementCache[sql] {
      statement.reset()
      return statement
    }
    let statement = try Statement(database: self, sql: sql, persistent: true)
    statementCache[sql] = statement
    return statement
  }

  /// Runs `body` in a transaction: `BEGIN IMMEDIATE`, then `COMMIT`, or `ROLLBACK` if it throws.
  public func inTransaction<T>(_ body: () throws -> T) throws -> T {
    try execute("BEGIN IMMEDIATE")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  /// The rowid of the last inserted row.
  public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

  /// Rows changed by the last statement.
  public var changes: Int { Int(sqlite3_changes(handle)) }

  /// True while a transaction is open.
  public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

  /// `PRAGMA user_version`.
  public var userVersion: Int {
    get throws { Int(try scalar("PRAGMA user_version") ?? 0) }
  }

  /// Sets `PRAGMA user_version`.
  public func setUserVersion(_ version: Int) throws {
    try execute("PRAGMA user_version = \(version)")
  }

  /// The first column of the first row as an integer, or nil when there is no row or it is NULL.
  public func scalar(_ sql: String, _ arguments: [DatabaseValue] = []) throws -> Int64? {
    let statement = try cachedStatement(sql)
    try statement.bind(arguments)
    defer { statement.reset() }
    guard try statement.step(), !statement.isNull(0) else { return nil }
    return statement.int64(0)
  }

  /// Every row of a query, each as an array of values.
  public func fetchAll(_ sql: String, _ arguments: [DatabaseValue] = []) throws -> [[DatabaseValue]]
  {
    let statement = try cachedStatement(sql)
    try statement.bind(arguments)
    defer { statement.reset() }
    var rows: [[DatabaseValue]] = []
    while try statement.step() { rows.append(statement.row()) }
    return rows
  }

  /// The first row of a query, or nil.
  public func fetchOne(_ sql: String, _ arguments: [DatabaseValue] = []) throws -> [DatabaseValue]?
  {
    let statement = try cachedStatement(sql)
    try statement.bind(arguments)
    defer { statement.reset() }
    return try statement.step() ? statement.row() : nil
  }

  var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

  func error(_ code: Int32, sql: String?) -> DatabaseError {
    DatabaseError(
      code: ResultCode(rawValue: code == SQLITE_OK ? sqlite3_extended_errcode(handle) : code),
      message: lastErrorMessage, sql: sql, path: path)
  }
}
