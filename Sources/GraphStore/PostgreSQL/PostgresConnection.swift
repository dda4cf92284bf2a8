internal import CPostgreSQL
import Foundation

/// One connection to a PostgreSQL server through libpq. Not thread-safe: use it from one thread
/// at a time. ``Database`` wraps it; nothing else in m3m calls libpq.
///
/// Statements are prepared on the server under a name and run with their parameters sent
/// apart from the SQL (text, and bytes in binary), so no value is ever spliced into SQL.
final class PostgresConnection {
  private let handle: OpaquePointer
  /// The server, as a URL without its password (for messages).
  let server: String
  private var preparedCount = 0
  /// Rows the last INSERT, UPDATE or DELETE changed.
  private(set) var lastChanges = 0
  /// Whether the last statement that succeeded left a transaction open: a connection lost
  /// after that was ended by the server inside the transaction.
  private var leftInTransaction = false

  /// Connects to the server a `postgresql://` or `postgres://` URL names; parts the URL leaves
  /// out come from the `PG*` environment variables (`PGHOST`, `PGUSER`, `PGDATABASE`, …), so
  /// `postgresql://` alone connects where they say.
  /// - Throws: ``PostgresError`` (unreachable, authentication failed, no such database).
  init(url: String) throws(PostgresError) {
    server = PostgresURL.redacted(url)
    guard let connection = PQconnectdb(url) else {
      throw PostgresError(reason: .full, message: "out of memory", server: server)
    }
    guard PQstatus(connection) == CONNECTION_OK else {
      let message = String(cString: PQerrorMessage(connection))
      PQfinish(connection)
      throw PostgresError(
        reason: Self.connectionFailureReason(message), message: message, server: server)
    }
    handle = connection
    // Notices ("relation already exists, skipping") are not errors: keep them off stderr.
    PQsetNoticeProcessor(handle, { _, _ in }, nil)
    _ = try run("SET client_min_messages = warning")
  }

  deinit { PQfinish(handle) }

  /// libpq reports a failed connection with a message only (no SQLSTATE): its known phrases.
  private static func connectionFailureReason(_ message: String) -> PostgresError.Reason {
    let text = message.lowercased()
    if text.contains("authentication failed") || text.contains("no password supplied")
      || text.contains("role \"") && text.contains("does not exist")
    {
      return .authenticationFailed
    }
    if text.contains("database \"") && text.contains("does not exist") { return .noSuchDatabase }
    if text.contains("out of memory") { return .full }
    return .unreachable
  }

  /// True while a transaction is open (failed or not).
  var isInTransaction: Bool {
    switch PQtransactionStatus(handle) {
    case PQTRANS_INTRANS, PQTRANS_INERROR, PQTRANS_ACTIVE: true
    default: false
    }
  }

  /// Runs SQL without parameters: one or more statements separated by `;`.
  @discardableResult
  func run(_ sql: String) throws(PostgresError) -> PostgresResult {
    try check(PQexec(handle, sql), sql: sql)
  }

  /// Prepares `sql` (with `$1`, `$2`, … parameters) on the server; returns its name.
  /// - Parameter types: the parameters' type OIDs; nil lets the server infer them all.
  func prepare(_ sql: String, types: [UInt32]? = nil) throws(PostgresError) -> String {
    preparedCount += 1
    let name = "m3m_\(preparedCount)"
    let count = Int32(types?.count ?? 0)
    try check(PQprepare(handle, name, sql, count, types), sql: sql)
    return name
  }

  /// The result column names of a prepared statement.
  func columnNames(ofPrepared name: String, sql: String) throws(PostgresError) -> [String] {
    let result = try check(PQdescribePrepared(handle, name), sql: sql)
    return result.columnNames
  }

  /// Frees a prepared statement on the server (best effort: a failed transaction refuses it,
  /// and the server frees it with the connection anyway).
  func deallocate(_ name: String) {
    guard PQtransactionStatus(handle) != PQTRANS_INERROR else { return }
    PQclear(PQexec(handle, "DEALLOCATE \(name)"))
  }

  /// Runs a prepared statement with its parameters: text, and bytes in binary format.
  func runPrepared(_ name: String, sql: String, parameters: [DatabaseValue])
    throws(PostgresError) -> PostgresResult
  {
    // Each value as bytes (NUL-terminated text, or raw bytes in binary format), nil for NULL.
    var values: [[UInt8]?] = []
    var lengths: [Int32] = []
    var formats: [Int32] = []
    for value in parameters {
      let text: String
      switch value {
      case .null:
        values.append(nil)
        lengths.append(0)
        formats.append(0)
        continue
      case .blob(let bytes):
        guard let count = Int32(exactly: bytes.count) else {
          throw PostgresError(
            reason: .other, message: "a value of \(bytes.count) bytes is too long to send",
            sql: sql, server: server)
        }
        values.append(bytes)
        lengths.append(count)
        formats.append(1)
        continue
      case .integer(let number): text = String(number)
      case .real(let number): text = Self.text(of: number)
      case .text(let string): text = string
      }
      values.append(Array(text.utf8) + [0])
      lengths.append(0)
      formats.append(0)
    }
    let count = Int32(parameters.count)
    let result = withPointers(values) { pointers in
      PQexecPrepared(handle, name, count, pointers, lengths, formats, 0)
    }
    return try check(result, sql: sql)
  }

  /// Runs `COPY … FROM STDIN` (`sql`) with `data`, rows already in the format the statement
  /// names (``PostgresCopyText``): one round trip for any number of rows. Returns the rows copied.
  func copyIn(_ sql: String, data: [UInt8]) throws(PostgresError) -> Int {
    guard let started = PQexec(handle, sql) else {
      throw PostgresError(
        sqlState: nil, message: String(cString: PQerrorMessage(handle)), sql: sql, server: server)
    }
    guard PQresultStatus(started) == PGRES_COPY_IN else {
      _ = try check(started, sql: sql)
      throw PostgresError(
        reason: .other, message: "the server did not start the copy", sql: sql, server: server)
    }
    PQclear(started)
    // Sent in pieces of at most 1 MiB; a failure is reported by the result that ends the copy.
    var sent = true
    data.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { bytes in
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while sent, offset < bytes.count {
          let piece = min(1 << 20, bytes.count - offset)
          sent = PQputCopyData(handle, base + offset, Int32(piece)) == 1
          offset += piece
        }
      }
    }
    let ended = sent && PQputCopyEnd(handle, nil) == 1
    // Every result is read, so the connection is ready for the next statement whatever failed.
    var failure: PostgresError?
    var copied = 0
    while let result = PQgetResult(handle) {
      do {
        copied = try check(result, sql: sql).changedRows
      } catch {
        failure = failure ?? error
      }
    }
    if let failure { throw failure }
    guard ended else {
      throw PostgresError(
        sqlState: PQstatus(handle) != CONNECTION_OK ? "08006" : nil,
        message: String(cString: PQerrorMessage(handle)), sql: sql, server: server)
    }
    return copied
  }

  /// Calls `body` with one C pointer per value (nil for NULL), valid during the call.
  private func withPointers<T>(_ values: [[UInt8]?], _ body: ([UnsafePointer<CChar>?]) -> T)
    -> T
  {
    var storage: [UnsafeMutableRawPointer] = []
    defer {
      for memory in storage { memory.deallocate() }
    }
    var pointers: [UnsafePointer<CChar>?] = []
    for bytes in values {
      guard let bytes else {
        pointers.append(nil)
        continue
      }
      let memory = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
      bytes.withUnsafeBytes { buffer in
        if let base = buffer.baseAddress { memory.copyMemory(from: base, byteCount: buffer.count) }
      }
      storage.append(memory)
      pointers.append(UnsafePointer(memory.assumingMemoryBound(to: CChar.self)))
    }
    return body(pointers)
  }

  /// A double as PostgreSQL reads it back exactly.
  static func text(of number: Double) -> String {
    if number.isNaN { return "NaN" }
    if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
    return "\(number)"
  }

  /// The result, or the error it carries (the result is freed then).
  private func check(_ result: OpaquePointer?, sql: String) throws(PostgresError)
    -> PostgresResult
  {
    guard let result else {
      throw failure(
        sqlState: nil, message: String(cString: PQerrorMessage(handle)), sql: sql)
    }
    switch PQresultStatus(result) {
    case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
      leftInTransaction = isInTransaction
      let wrapped = PostgresResult(result)
      let command = String(cString: PQcmdStatus(result))
      if command.hasPrefix("INSERT") || command.hasPrefix("UPDATE")
        || command.hasPrefix("DELETE")
      {
        lastChanges = wrapped.changedRows
      }
      return wrapped
    default:
      let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
      let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map {
        String(cString: $0)
      }
      let message = primary ?? String(cString: PQresultErrorMessage(result))
      PQclear(result)
      throw failure(sqlState: state, message: message, sql: sql)
    }
  }

  /// The error for a failed statement. A lost connection has no SQLSTATE: it is unreachable,
  /// not "other" — or, lost while a transaction was open, ended by the server inside it (a
  /// session idle in a transaction past `idle_in_transaction_session_timeout`, whose message
  /// the stopped process never read).
  private func failure(sqlState: String?, message: String, sql: String) -> PostgresError {
    let lost = PQstatus(handle) != CONNECTION_OK
    if lost, leftInTransaction, sqlState.map({ $0.hasPrefix("08") }) ?? true {
      leftInTransaction = false
      return PostgresError(
        reason: .stalledTransaction, sqlState: sqlState, message: message, sql: sql,
        server: server)
    }
    return PostgresError(
      sqlState: sqlState ?? (lost ? "08006" : nil), message: message, sql: sql, server: server)
  }
}

/// Server URLs as m3m accepts them, and as it shows them.
enum PostgresURL {
  /// True for `postgresql://…` and `postgres://…`.
  static func isPostgres(_ location: String) -> Bool {
    let lower = location.lowercased()
    return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
  }

  /// The URL without its password (`user:secret@` becomes `user@`; `password=` parameters go).
  static func redacted(_ url: String) -> String {
    guard let scheme = url.range(of: "://") else { return url }
    var rest = String(url[scheme.upperBound...])
    let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
    if let at = rest[..<authorityEnd].lastIndex(of: "@"),
      let colon = rest[..<at].firstIndex(of: ":")
    {
      rest.removeSubrange(colon..<at)
    }
    if let question = rest.firstIndex(of: "?") {
      let query = rest[rest.index(after: question)...].split(separator: "&").filter {
        !$0.lowercased().hasPrefix("password=")
      }
      rest = String(rest[..<question]) + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }
    return String(url[..<scheme.upperBound]) + rest
  }
}
