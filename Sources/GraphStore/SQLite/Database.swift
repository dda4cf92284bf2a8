internal import CSQLite
import Foundation

/// One connection to a graph database: an SQLite file, or a PostgreSQL server when the path is a
/// `postgresql://` (or `postgres://`) URL. Not thread-safe: use it from one thread at a time
/// (``DatabaseQueue`` serialises a shared one).
///
/// The same SQL runs on both engines (see ``DatabaseEngine``): `?` parameters, `ON CONFLICT`,
/// ``inTransaction(_:)``; what differs (table definitions, text search, PRAGMAs) is chosen by
/// ``engine`` inside GraphStore.
///
/// ```swift
/// let db = try Database(path: "graph.sqlite")
/// try db.execute("CREATE TABLE t(x INTEGER)")
/// try db.inTransaction { try db.execute("INSERT INTO t VALUES (1)") }
/// try db.scalar("SELECT count(*) FROM t")  // 1
/// ```
public final class Database {
  /// The file path, or `:memory:`, or the server's URL without its password.
  public let path: String
  /// The engine behind this connection.
  public let engine: DatabaseEngine
  /// The SQLite connection (nil on PostgreSQL).
  private(set) var handle: OpaquePointer?
  /// The PostgreSQL connection (nil on SQLite).
  let postgres: PostgresConnection?
  /// What the PostgreSQL engine keeps to act as SQLite does (write lock, data version).
  var postgresState = PostgresSessionState()
  let busyWait: BusyWait
  private var statementCache: [String: Statement] = [:]
  /// Element rows written in the open transaction and not yet in the text index: the largest
  /// element id before them (SQLite; `Database+ElementText`).
  var elementsUnindexedAfter: Int64?
  /// True during a bulk load, whose end fills the text index once (`Database+BulkLoad`).
  var defersElementText = false

  /// How a connection opens its file.
  public enum Mode: Sendable {
    /// Read and write, creating the file when missing. The journal mode is left as the file has
    /// it (``enableWAL()`` switches it), so opening a file changes nothing in it.
    case readWrite
    /// Read only; the file must exist. A WAL file whose folder cannot be written (no `-shm` can
    /// be made) and that has no `-wal` is opened as immutable, so read-only files and folders
    /// can be read.
    case readOnly
  }

  /// Opens (or creates) a database.
  /// - Parameters:
  ///   - path: a file path or `:memory:`.
  ///   - mode: read-write (default) or read-only.
  ///   - busyTimeout: how long to wait for a lock held by another connection, in seconds
  ///     (`.infinity` waits for ever, 0 not at all).
  ///   - onBusy: called once, when this connection first has to wait for a lock.
  /// - Throws: ``DatabaseError`` when the path is a folder, the file cannot be opened or is not
  ///   a database.
  public init(
    path: String, mode: Mode = .readWrite, busyTimeout: Double = 5,
    onBusy: (@Sendable () -> Void)? = nil
  ) throws {
    busyWait = BusyWait(timeout: busyTimeout, notify: onBusy)
    if PostgresURL.isPostgres(path) {
      engine = .postgresql
      do {
        let connection = try PostgresConnection(url: path)
        self.path = connection.server
        postgres = connection
      } catch {
        throw DatabaseError(error)
      }
      try configurePostgres(mode: mode, busyTimeout: busyTimeout)
      return
    }
    self.path = path
    engine = .sqlite
    postgres = nil
    var isFolder: ObjCBool = false
    if path != ":memory:", !path.isEmpty,
      FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue
    {
      throw DatabaseError(code: .cantOpen, message: "is a folder", path: path)
    }
    // From here on the object is whole: when the initializer throws, `deinit` closes `handle`.
    handle = try Self.open(path, mode: mode)
    do {
      try configure()
      if mode == .readOnly {
        // Reading the schema fails here when the file is not a database, or when a WAL file's
        // shared memory (`-shm`) can be neither opened nor created.
        try execute("SELECT count(*) FROM sqlite_master")
      } else if path != ":memory:", !path.isEmpty {
        try execute("PRAGMA synchronous = NORMAL")
      }
    } catch let error as DatabaseError
      where mode == .readOnly && Self.canRetryImmutable(error, path: path)
    {
      let immutable = try Self.open(Self.immutableURI(path), mode: .readOnly, uri: true)
      statementCache.removeAll()
      sqlite3_close_v2(handle)
      handle = immutable
      try configure()
      try execute("SELECT count(*) FROM sqlite_master")
    }
  }

  private static func open(_ path: String, mode: Mode, uri: Bool = false) throws -> OpaquePointer {
    var connection: OpaquePointer?
    let flags =
      (mode == .readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
      | SQLITE_OPEN_NOMUTEX | (uri ? SQLITE_OPEN_URI : 0)
    let code = sqlite3_open_v2(path, &connection, flags, nil)
    guard code == SQLITE_OK, let connection else {
      let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      // A handle is returned even on failure and must be closed.
      sqlite3_close(connection)
      throw DatabaseError(code: ResultCode(rawValue: code), message: message, path: path)
    }
    return connection
  }

  /// Extended codes, the busy handler and foreign keys.
  private func configure() throws {
    sqlite3_extended_result_codes(handle, 1)
    sqlite3_busy_handler(
      handle,
      { context, count in
        guard let context else { return 0 }
        let wait = Unmanaged<BusyWait>.fromOpaque(context).takeUnretainedValue()
        return wait.shouldRetry(attempt: count) ? 1 : 0
      }, Unmanaged.passUnretained(busyWait).toOpaque())
    try execute("PRAGMA foreign_keys = ON")
  }

  /// True when a read-only open failed only because the WAL index could not be made (a
  /// read-only folder) and there is no `-wal` whose content would be missed.
  private static func canRetryImmutable(_ error: DatabaseError, path: String) -> Bool {
    guard error.code.matches(.cantOpen) || error.code.matches(.readOnly) else { return false }
    let attributes = try? FileManager.default.attributesOfItem(atPath: path + "-wal")
    return ((attributes?[.size] as? NSNumber)?.intValue ?? 0) == 0
  }

  /// `file:` URI of `path` with `immutable=1`.
  private static func immutableURI(_ path: String) -> String {
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: "?#%")
    let escaped = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
    return "file:\(escaped)?immutable=1"
  }

  /// Switches a file to the WAL journal (readers then never wait for the writer). It takes a
  /// lock, so it waits for other writers like a write does. Nothing to do on PostgreSQL.
  public func enableWAL() throws {
    guard engine == .sqlite, path != ":memory:", !path.isEmpty else { return }
    // The switch reads the file, then needs it alone: when another program waits for this
    // connection's read lock meanwhile (two programs switching one new file at once), SQLite
    // answers busy at once rather than deadlock. The statement ends, its lock goes, and the
    // switch is tried again within the busy timeout.
    var attempt: Int32 = 0
    while true {
      do {
        try execute("PRAGMA journal_mode = WAL")
        return
      } catch let error as DatabaseError
        where error.code.matches(.busy) && busyWait.shouldRetry(attempt: attempt)
      {
        attempt += 1
      }
    }
  }

  deinit {
    statementCache.removeAll()
    if let handle { sqlite3_close_v2(handle) }
  }

  /// Runs one or more SQL statements that return no rows.
  public func execute(_ sql: String) throws {
    if engine == .postgresql { return try executePostgres(sql) }
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

  /// The id of the last row inserted (SQLite's rowid; PostgreSQL's `lastval()`).
  public var lastInsertRowID: Int64 {
    engine == .postgresql ? postgresLastValue : sqlite3_last_insert_rowid(handle)
  }

  /// Rows changed by the last statement.
  public var changes: Int {
    engine == .postgresql ? postgres?.lastChanges ?? 0 : Int(sqlite3_changes(handle))
  }

  /// True while a transaction is open.
  public var isInTransaction: Bool {
    if let postgres { return postgres.isInTransaction }
    return sqlite3_get_autocommit(handle) == 0
  }

  /// The schema version (`PRAGMA user_version`; a row of `m3m_pragma` on PostgreSQL).
  public var userVersion: Int {
    get throws {
      if engine == .postgresql { return Int(try postgresPragma("user_version")) }
      return Int(try scalar("PRAGMA user_version") ?? 0)
    }
  }

  /// The number a program stamps its databases with (`PRAGMA application_id`; a row of
  /// `m3m_pragma` on PostgreSQL), 0 when unset.
  public var applicationID: Int32 {
    get throws {
      if engine == .postgresql {
        return Int32(truncatingIfNeeded: try postgresPragma("application_id"))
      }
      return Int32(truncatingIfNeeded: try scalar("PRAGMA application_id") ?? 0)
    }
  }

  /// Sets the schema version.
  public func setUserVersion(_ version: Int) throws {
    if engine == .postgresql { return try setPostgresPragma("user_version", Int64(version)) }
    try execute("PRAGMA user_version = \(version)")
  }

  /// Sets the application id.
  public func setApplicationID(_ id: Int32) throws {
    if engine == .postgresql { return try setPostgresPragma("application_id", Int64(id)) }
    try execute("PRAGMA application_id = \(id)")
  }

  /// A number that changes when another connection commits a write (`PRAGMA data_version`).
  public func dataVersion() throws -> Int64 {
    if engine == .postgresql { return try postgresDataVersion() }
    return try scalar("PRAGMA data_version") ?? 0
  }

  /// The names of the tables in the database (its schema, on PostgreSQL), bookkeeping tables
  /// excluded.
  public func tableNames() throws -> [String] {
    let sql =
      engine == .postgresql
      ? """
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_name <> 'm3m_pragma' ORDER BY 1
      """
      : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1"
    return try rows(sql).compactMap { $0["name"].string }
  }

  /// True when the database holds no table, index or view at all (a new file or schema).
  public func isEmpty() throws -> Bool {
    if engine == .postgresql { return try tableNames().isEmpty }
    return try scalar("SELECT count(*) FROM sqlite_master") ?? 0 == 0
  }

  /// The column names of a table, in order (empty when there is no such table).
  public func columnNames(ofTable table: String) throws -> [String] {
    if engine == .postgresql {
      return try rows(
        """
        SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position
        """, [.text(table)]
      ).compactMap { $0["name"].string }
    }
    return try rows("SELECT name FROM pragma_table_info(?)", [.text(table)]).compactMap {
      $0["name"].string
    }
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
