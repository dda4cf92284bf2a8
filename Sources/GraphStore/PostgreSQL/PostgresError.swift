/// An error from a PostgreSQL server or from reaching one, with what happened in plain words.
///
/// The SQLSTATE and the server's own message stay in ``sqlState`` and ``message`` (and in
/// `debugDescription`); `description` names the server and the reason only
/// (`postgresql://m3m@db1/graph: no server answers there (is it running?)`).
public struct PostgresError: Error, CustomStringConvertible, CustomDebugStringConvertible,
  Sendable
{
  /// What went wrong, as far as a program needs to tell cases apart.
  public enum Reason: Sendable, Hashable {
    /// No server could be reached (refused, no such host or socket, connection lost).
    case unreachable
    /// The server refused the user name or password.
    case authenticationFailed
    /// The server has no such database.
    case noSuchDatabase
    /// A row with the same unique key exists.
    case uniqueViolation
    /// A row refers to a row that does not exist.
    case foreignKeyViolation
    /// A required value is missing.
    case notNullViolation
    /// Another transaction's writes conflict with this one's; it can be retried.
    case serializationFailure
    /// Another writer held the graph's write lock longer than this connection would wait.
    case locked
    /// Two transactions waited for each other; this one was cancelled and can be retried.
    case deadlock
    /// The SQL is not valid, or names a table, column or function that does not exist.
    case invalidStatement
    /// The server is out of disk space or memory.
    case full
    /// The server refused a write (a read-only transaction or standby).
    case readOnly
    /// The statement was cancelled or the server is shutting down.
    case interrupted
    /// The server ended this session while a transaction was open: it sat in the transaction
    /// without sending a statement for longer than `idle_in_transaction_session_timeout` (its
    /// process stopped or hung), or the server restarted; the transaction was rolled back.
    case stalledTransaction
    /// Anything else: the server's message says what.
    case other
  }

  /// What went wrong.
  public var reason: Reason
  /// The five-character SQLSTATE, when the server sent one.
  public var sqlState: String?
  /// The server's (or libpq's) own message.
  public var message: String
  /// The SQL being run, when there was one.
  public var sql: String?
  /// The server, as a URL without its password.
  public var server: String

  /// An error from its parts.
  public init(
    reason: Reason, sqlState: String? = nil, message: String, sql: String? = nil, server: String
  ) {
    self.reason = reason
    self.sqlState = sqlState
    self.message = message
    self.sql = sql
    self.server = server
  }

  /// An error classified by its SQLSTATE.
  init(sqlState: String?, message: String, sql: String?, server: String) {
    self.init(
      reason: Self.reason(sqlState: sqlState, message: message), sqlState: sqlState,
      message: message, sql: sql, server: server)
  }

  /// The reason an SQLSTATE stands for (its class when the code itself is not special).
  static func reason(sqlState: String?, message: String) -> Reason {
    // Read by this session only once it wakes, often with the lost connection's message.
    if sqlState == "25P03" || message.contains("idle-in-transaction timeout") {
      return .stalledTransaction
    }
    guard let state = sqlState, state.count == 5 else {
      return message.isEmpty ? .other : .unreachable
    }
    switch state {
    case "23505": return .uniqueViolation
    case "23503": return .foreignKeyViolation
    case "23502": return .notNullViolation
    case "40001": return .serializationFailure
    case "40P01": return .deadlock
    case "55P03": return .locked
    case "28000", "28P01": return .authenticationFailed
    case "3D000": return .noSuchDatabase
    case "25006": return .readOnly
    case "57014", "57P01", "57P02", "57P03": return .interrupted
    default: break
    }
    switch state.prefix(2) {
    case "08": return .unreachable
    case "42": return .invalidStatement
    case "53": return .full
    default: return .other
    }
  }

  /// `<server>: <what happened, in words>`.
  public var description: String { "\(server): \(explanation)" }

  /// What happened, without codes or SQL.
  public var explanation: String {
    switch reason {
    case .unreachable:
      "no PostgreSQL server answers there (is it running, and is the address right?)"
    case .authenticationFailed: "the server refused the user name or password"
    case .noSuchDatabase: "the server has no such database (create it first: createdb NAME)"
    case .uniqueViolation: "a row with the same key is already stored"
    case .foreignKeyViolation: "a row refers to a row that is not stored"
    case .notNullViolation: "a required value is missing"
    case .locked: "the graph is locked by another writer"
    case .serializationFailure, .deadlock:
      "another writer changed the same rows at the same time; try again"
    case .invalidStatement: "the server refused a statement: \(firstLine(message))"
    case .full: "the server is out of disk space or memory"
    case .readOnly: "the server accepts no writes (read-only transaction or standby)"
    case .interrupted: "the statement was cancelled or the server is shutting down"
    case .stalledTransaction:
      "the server ended this connection while it was inside a transaction (a session idle "
        + "in a transaction past idle_in_transaction_session_timeout is ended: was this "
        + "process stopped? A restart of the server ends it too); what it had not committed "
        + "was rolled back"
    case .other: firstLine(message)
    }
  }

  /// The SQLSTATE, the server's message and the SQL, for debugging.
  public var debugDescription: String {
    var text = "PostgreSQL error \(sqlState ?? "(no SQLSTATE)"): \(message)"
    if let sql { text += " - while executing `\(sql)`" }
    return text + " on \(server)"
  }

  private func firstLine(_ text: String) -> String {
    let line = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? text
    return line.isEmpty ? "the server reported an error" : line
  }
}
