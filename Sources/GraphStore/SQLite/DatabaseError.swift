import Foundation

/// An SQLite result code, primary or extended.
///
/// Related SQLite documentation: <https://www.sqlite.org/rescode.html>
public struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  /// The code as SQLite returns it (extended codes carry the primary one in the low byte).
  public var rawValue: Int32

  /// A code from its raw value.
  public init(rawValue: Int32) { self.rawValue = rawValue }

  /// The primary code (low byte).
  public var primary: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }

  /// Generic error.
  public static let error = ResultCode(rawValue: 1)
  /// The database file is locked.
  public static let busy = ResultCode(rawValue: 5)
  /// A table is locked.
  public static let locked = ResultCode(rawValue: 6)
  /// Attempt to write a read-only database.
  public static let readOnly = ResultCode(rawValue: 8)
  /// Operation interrupted.
  public static let interrupt = ResultCode(rawValue: 9)
  /// Disk I/O error.
  public static let ioError = ResultCode(rawValue: 10)
  /// The database disk image is malformed.
  public static let corrupt = ResultCode(rawValue: 11)
  /// The disk is full.
  public static let full = ResultCode(rawValue: 13)
  /// Unable to open the database file.
  public static let cantOpen = ResultCode(rawValue: 14)
  /// A constraint failed.
  public static let constraint = ResultCode(rawValue: 19)
  /// Datatype mismatch.
  public static let mismatch = ResultCode(rawValue: 20)
  /// Library used incorrectly.
  public static let misuse = ResultCode(rawValue: 21)
  /// Not a database file.
  public static let notADatabase = ResultCode(rawValue: 26)
  /// A UNIQUE constraint failed.
  public static let constraintUnique = ResultCode(rawValue: 2067)
  /// A PRIMARY KEY constraint failed.
  public static let constraintPrimaryKey = ResultCode(rawValue: 1555)
  /// A FOREIGN KEY constraint failed.
  public static let constraintForeignKey = ResultCode(rawValue: 787)
  /// A NOT NULL constraint failed.
  public static let constraintNotNull = ResultCode(rawValue: 1299)

  /// True when `self` is `code` or one of its extended codes.
  public func matches(_ code: ResultCode) -> Bool {
    code.rawValue > 0xFF ? self == code : primary == code
  }

  /// The symbolic name when known, else the number.
  public var description: String {
    let names: [Int32: String] = [
      1: "SQLITE_ERROR", 5: "SQLITE_BUSY", 6: "SQLITE_LOCKED", 8: "SQLITE_READONLY",
      9: "SQLITE_INTERRUPT", 10: "SQLITE_IOERR", 11: "SQLITE_CORRUPT", 13: "SQLITE_FULL",
      14: "SQLITE_CANTOPEN",
      19: "SQLITE_CONSTRAINT", 20: "SQLITE_MISMATCH", 21: "SQLITE_MISUSE", 26: "SQLITE_NOTADB",
      2067: "SQLITE_CONSTRAINT_UNIQUE", 1555: "SQLITE_CONSTRAINT_PRIMARYKEY",
      787: "SQLITE_CONSTRAINT_FOREIGNKEY", 1299: "SQLITE_CONSTRAINT_NOTNULL",
    ]
    return names[rawValue] ?? "\(rawValue)"
  }

  /// Lets `catch` patterns match primary codes: `case ResultCode.constraint`.
  public static func ~= (pattern: ResultCode, code: ResultCode) -> Bool { code.matches(pattern) }
}

/// An error from SQLite, with the statement and the database it happened in.
///
/// `description` says in words what happened and to which file (`graph.sqlite: the database is
/// locked by another writer`); the code, SQLite's own message and the SQL stay available in
/// the properties and in `debugDescription` (`SQLite error 5 (SQLITE_BUSY): database is locked
/// - while executing `BEGIN IMMEDIATE` in graph.sqlite`).
public struct DatabaseError: Error, CustomStringConvertible, CustomDebugStringConvertible,
  Sendable
{
  /// The extended result code.
  public var code: ResultCode
  /// SQLite's message.
  public var message: String
  /// The SQL being run, when there was one.
  public var sql: String?
  /// The database file (or server).
  public var path: String
  /// The PostgreSQL error this one stands for, on that engine.
  public var postgres: PostgresError?

  /// An error from its parts.
  public init(code: ResultCode, message: String, sql: String? = nil, path: String) {
    self.code = code
    self.message = message
    self.sql = sql
    self.path = path
  }

  /// `<file>: <what happened, in words>`.
  public var description: String { "\(path): \(explanation)" }

  /// The SQLite code, its message and the SQL, for debugging.
  public var debugDescription: String {
    if let postgres { return postgres.debugDescription }
    var text = "SQLite error \(code.rawValue) (\(code)): \(message)"
    if let sql { text += " - while executing `\(sql)`" }
    return text + " in \(path)"
  }

  /// What happened, without codes or SQL.
  public var explanation: String {
    if let postgres { return postgres.explanation }
    if isFolder, code.matches(.cantOpen) || code.matches(.ioError) {
      return "is a folder, not a database file"
    }
    switch code.primary {
    case .busy, .locked: return "the database is locked by another writer"
    case .readOnly:
      return "the database is read-only (its file or its folder cannot be written)"
    case .cantOpen:
      let folder = (path as NSString).deletingLastPathComponent
      if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
        return "cannot open the database: no such folder \(folder)"
      }
      guard FileManager.default.fileExists(atPath: path) else {
        return "cannot open the database: no such file"
      }
      guard FileManager.default.isReadableFile(atPath: path) else {
        return "cannot open the database file: permission denied"
      }
      guard FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder) else {
        return "cannot read the database: its write-ahead log (-wal) needs a -shm file, and "
          + "its folder cannot be written"
      }
      return "cannot open the database file"
    case .notADatabase: return "not a database file"
    case .corrupt: return "the database file is damaged (malformed)"
    case .ioError: return "cannot read or write the database file (input/output error)"
    case .full: return "the disk is full"
    case .interrupt: return "interrupted"
    default: return message
    }
  }

  private var isFolder: Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }
}
