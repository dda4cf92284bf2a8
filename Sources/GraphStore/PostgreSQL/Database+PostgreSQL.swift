import Foundation

/// What a PostgreSQL connection keeps so that it behaves as an SQLite one does: whether the
/// open transaction is a writer's (holding the graph's write lock), and what `data_version`
/// last said.
struct PostgresSessionState {
  /// The open transaction began with `BEGIN IMMEDIATE` (it holds the write lock).
  var writing = false
  /// The write counter as this connection's own last commit left it.
  var ownWriteCount: Int64?
  /// The data version last reported.
  var reportedVersion: Int64?
}

/// The PostgreSQL engine behind ``Database``: SQLite's few commands that PostgreSQL lacks
/// (`BEGIN IMMEDIATE`, the PRAGMAs m3m uses) done its way.
///
/// Writers of one graph take one advisory lock for each write transaction
/// (`pg_advisory_xact_lock`), as SQLite's `BEGIN IMMEDIATE` takes the file's write lock: two
/// `m3m ingest` on two machines then identify pages one after the other and never store one
/// new page twice. Readers take no lock. The schema version and application id live in a
/// table, `m3m_pragma`, beside a counter of committed writes (SQLite's `data_version`).
extension Database {
  func configurePostgres(mode: Mode, busyTimeout: Double) throws {
    if mode == .readOnly { try executePostgres("SET default_transaction_read_only = on") }
    // How long a writer waits for another's write lock (0: not at all; infinite: for ever).
    let milliseconds =
      busyTimeout.isFinite ? max(1, min(busyTimeout * 1000, Double(Int32.max))) : 0
    try executePostgres(
      "SET lock_timeout = \(Int(milliseconds)); \(Self.stalledTransactionDefault)")
  }

  /// How long the server lets a session of m3m sit inside a transaction without sending a
  /// statement before it ends the session, rolling its transaction back, in seconds: a writer
  /// stopped there (SIGSTOP, a hung process) would otherwise hold the graph's write lock, and
  /// the rows it locked, for ever. Below the 30 s writers wait for the write lock by default
  /// (`--busy-timeout`), so a waiting writer outlasts a stopped one. A server, database or role
  /// setting of `idle_in_transaction_session_timeout`, or the connection's own (`PGOPTIONS=
  /// "-c idle_in_transaction_session_timeout=5min"`, `?options=…` in the URL), wins.
  public static let stalledTransactionTimeout = 20

  /// Sets ``stalledTransactionTimeout`` unless something set the server's own already.
  private static var stalledTransactionDefault: String {
    """
    SELECT set_config('idle_in_transaction_session_timeout', '\(stalledTransactionTimeout)s', false)
    FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout' AND source = 'default'
    """
  }

  /// Runs SQL on the server, SQLite's transaction and PRAGMA commands translated.
  func executePostgres(_ sql: String) throws {
    guard let postgres else { return }
    let command = sql.trimmingCharacters(
      in: .whitespacesAndNewlines.union(.init(charactersIn: ";"))
    )
    .uppercased()
    do {
      switch command {
      case "BEGIN IMMEDIATE", "BEGIN EXCLUSIVE": try beginPostgresWrite(postgres)
      case "COMMIT", "END":
        if postgresState.writing {
          postgresState.writing = false
          let count = try countPostgresWrite(postgres)
          try postgres.run("COMMIT")
          postgresState.ownWriteCount = count
        } else {
          try postgres.run("COMMIT")
        }
      case "ROLLBACK":
        postgresState.writing = false
        try postgres.run("ROLLBACK")
      case _ where command.hasPrefix("PRAGMA "):
        try executePostgresPragma(command)
      default:
        try postgres.run(sql)
      }
    } catch let error as PostgresError {
      throw DatabaseError(error)
    }
  }

  /// `BEGIN` and the graph's write lock; says once when it has to wait for another writer.
  private func beginPostgresWrite(_ postgres: PostgresConnection) throws {
    try postgres.run("BEGIN")
    do {
      let key = PostgresDialect.writeLockKey
      let got = try postgres.run("SELECT pg_try_advisory_xact_lock(\(key))").value(
        row: 0, column: 0)
      if got != .integer(1) {
        busyWait.announce()
        try postgres.run("SELECT pg_advisory_xact_lock(\(key))")
      }
      postgresState.writing = true
    } catch {
      _ = try? postgres.run("ROLLBACK")
      throw error
    }
  }

  /// Counts one more committed write (when the schema has its bookkeeping table yet).
  private func countPostgresWrite(_ postgres: PostgresConnection) throws -> Int64? {
    guard try hasPostgresPragmaTable() else { return nil }
    let result = try postgres.run(
      "UPDATE m3m_pragma SET value = value + 1 WHERE name = 'write_count' RETURNING value")
    return result.rowCount == 1 ? result.value(row: 0, column: 0).int64 : nil
  }

  /// SQLite's PRAGMAs: the ones about files and journals mean nothing on a server.
  private func executePostgresPragma(_ command: String) throws {
    let parts = command.dropFirst("PRAGMA ".count).split(separator: "=").map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    switch (parts.first ?? "", parts.count == 2 ? Int64(parts[1]) : nil) {
    case ("USER_VERSION", let value?): try setPostgresPragma("user_version", value)
    case ("APPLICATION_ID", let value?): try setPostgresPragma("application_id", value)
    case ("FOREIGN_KEYS", _), ("SYNCHRONOUS", _), ("JOURNAL_MODE", _), ("BUSY_TIMEOUT", _),
      ("OPTIMIZE", _), ("WAL_CHECKPOINT", _):
      return
    default:
      throw PostgresError(
        reason: .invalidStatement, message: "SQLite's \(command) has no PostgreSQL equivalent",
        server: path)
    }
  }

  /// A number of `m3m_pragma` (0 when it or the table is missing).
  func postgresPragma(_ name: String) throws -> Int64 {
    guard try hasPostgresPragmaTable() else { return 0 }
    return try scalar("SELECT value FROM m3m_pragma WHERE name = ?", [.text(name)]) ?? 0
  }

  private func hasPostgresPragmaTable() throws -> Bool {
    try scalar(
      "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() "
        + "AND tablename = 'm3m_pragma'") == 1
  }

  /// Sets a number of `m3m_pragma`, creating the table when missing.
  func setPostgresPragma(_ name: String, _ value: Int64) throws {
    try executePostgres(
      """
      CREATE TABLE IF NOT EXISTS m3m_pragma(name TEXT PRIMARY KEY, value BIGINT NOT NULL);
      INSERT INTO m3m_pragma(name, value) VALUES ('write_count', 0) ON CONFLICT DO NOTHING
      """)
    let upsert = try prepare(
      """
      INSERT INTO m3m_pragma(name, value) VALUES (?, ?)
      ON CONFLICT (name) DO UPDATE SET value = excluded.value
      """)
    try upsert.bindAndRun([.text(name), .integer(value)])
  }

  /// SQLite's `data_version`: unchanged by this connection's own commits, changed by others'.
  func postgresDataVersion() throws -> Int64 {
    let count = try postgresPragma("write_count")
    if count == postgresState.ownWriteCount, let reported = postgresState.reportedVersion {
      return reported
    }
    postgresState.reportedVersion = count
    return count
  }

  /// `lastval()`: the id the last insert into a table with an identity column drew.
  var postgresLastValue: Int64 {
    (try? postgres?.run("SELECT lastval()").value(row: 0, column: 0).int64) ?? 0
  }
}

extension DatabaseError {
  /// A PostgreSQL error as a ``DatabaseError`` (so callers catch one kind), with the closest
  /// SQLite code and PostgreSQL's reason in words.
  init(_ error: PostgresError) {
    let code: ResultCode =
      switch error.reason {
      case .uniqueViolation: .constraintUnique
      case .foreignKeyViolation: .constraintForeignKey
      case .notNullViolation: .constraintNotNull
      case .serializationFailure, .deadlock, .locked: .busy
      case .unreachable, .authenticationFailed, .noSuchDatabase, .stalledTransaction: .cantOpen
      case .full: .full
      case .readOnly: .readOnly
      case .interrupted: .interrupt
      case .invalidStatement, .other: .error
      }
    self.init(code: code, message: error.message, sql: error.sql, path: error.server)
    postgres = error
  }
}

extension Database {
  /// Runs table definitions written with SQLite's types; on PostgreSQL they are translated
  /// first (identity keys, `BIGINT`, `BYTEA`, `DOUBLE PRECISION`, byte-order text).
  public func executeSchema(_ sqliteDefinitions: String) throws {
    try execute(
      engine == .postgresql ? PostgresDialect.schema(sqliteDefinitions) : sqliteDefinitions)
  }
}
