import Foundation
import GraphStore

/// Opens the `--db` a command names, with errors that say what is wrong.
///
/// Every command refuses, before changing anything, a file that is not an m3m graph (another
/// program's SQLite file) and a graph written by a newer m3m. Queries open the file read-only,
/// so read-only files and folders can be queried; a graph older than the queries read is
/// upgraded in place once (stderr says so). Writing commands create the file when missing,
/// wait for another writer up to `--busy-timeout` (saying so on stderr), and remove a file they
/// created when they fail before recording anything in it.
enum GraphDatabase {
  /// How long writing commands wait for another writer by default, in seconds.
  static let defaultBusyTimeout = 30.0

  /// The `--busy-timeout` option of the writing commands.
  static let busyTimeoutOption = CommandSpec.Option(
    name: "--busy-timeout", value: "SECONDS",
    help: "Wait this long for another m3m writing the same graph (30).")

  /// The query commands' `--db`, opened read-only.
  static func open(_ arguments: ParsedArguments, command: String) throws -> Database {
    try openForReading(try arguments.required("--db", command: command))
  }

  /// A graph database opened read-only.
  static func openForReading(_ path: String) throws -> Database {
    let isServer = DatabaseEngine(location: path) == .postgresql
    guard isServer || FileManager.default.fileExists(atPath: path) else {
      throw GraphFileError(path: path, problem: .missing)
    }
    let db = try Database(
      path: path, mode: .readOnly, busyTimeout: defaultBusyTimeout,
      onBusy: announcer(path, defaultBusyTimeout))
    // Another program's file, or a newer m3m's, is refused here.
    try GraphSchema.requireGraphOrEmpty(db)
    guard case .graph(let version) = try GraphSchema.identify(db) else {
      throw GraphFileError(path: path, problem: .empty)
    }
    guard version < GraphSchema.minimumReadableVersion else { return db }
    let writer = try Database(path: path, busyTimeout: defaultBusyTimeout)
    let applied = try GraphSchema.prepare(writer)
    Output.error("\(path): upgraded the schema (\(applied.joined(separator: "; ")))")
    return try Database(path: path, mode: .readOnly, busyTimeout: defaultBusyTimeout)
  }

  /// The `--busy-timeout` a writing command was given (seconds, 0 or more).
  static func busyTimeout(_ arguments: ParsedArguments, command: String) throws -> Double {
    let seconds = try arguments.number(
      "--busy-timeout", default: defaultBusyTimeout, atLeast: 0, command: command)
    guard !seconds.isNaN else {
      throw UsageError(command: command, message: "'--busy-timeout' expects a number of seconds")
    }
    return seconds
  }

  /// Runs `body` with the graph at `path` open for writing (created when missing, brought to
  /// the current schema). When `body` (or the opening) fails and this call created the file,
  /// the file and its `-wal`/`-shm` are removed unless something was recorded in it.
  static func writing<T>(
    _ path: String, busyTimeout: Double, _ body: (Database) throws -> T
  ) throws -> T {
    // A PostgreSQL server's database is made by its administrator, never by m3m.
    let created = DatabaseEngine(location: path) == .sqlite ? try createIfMissing(path) : false
    do {
      let db = try Database(
        path: path, busyTimeout: busyTimeout, onBusy: announcer(path, busyTimeout))
      try GraphSchema.prepare(db)
      return try body(db)
    } catch {
      if created { removeIfNothingRecorded(path) }
      if let error = error as? DatabaseError, error.code.matches(.busy) {
        throw CommandFailure(
          "\(path): another process holds the graph's write lock (an m3m writing, or one "
            + "stopped or hung inside a transaction); gave up after \(seconds(busyTimeout)) "
            + "(--busy-timeout sets how long)")
      }
      throw error
    }
  }

  /// The stderr line written once when a connection starts waiting for a lock.
  private static func announcer(_ path: String, _ timeout: Double) -> @Sendable () -> Void {
    let name = URL(fileURLWithPath: path).lastPathComponent
    let limit = timeout.isInfinite ? "" : " up to \(seconds(timeout))"
    return { Output.error("\(name) is busy (another m3m is writing); waiting\(limit)…") }
  }

  private static func seconds(_ value: Double) -> String { String(format: "%g s", value) }

  /// Creates an empty file at `path` when nothing is there; true when this call created it
  /// (exclusively: of two programs racing, one creates it).
  private static func createIfMissing(_ path: String) throws -> Bool {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
      if isFolder.boolValue {
        throw CommandFailure("\(path): is a folder, not a database file")
      }
      return false
    }
    let descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    if descriptor >= 0 {
      close(descriptor)
      return true
    }
    if errno == EEXIST { return false }
    let reason = String(cString: strerror(errno)).lowercased()
    let folder = (path as NSString).deletingLastPathComponent
    if errno == ENOENT {
      throw CommandFailure("\(path): cannot create the database: no such folder \(folder)")
    }
    throw CommandFailure("\(path): cannot create the database (\(reason))")
  }

  /// Removes a database this command created, with its `-wal`, `-shm` and `-journal`, when it
  /// holds no visit, reject or crawl page (nothing worth resuming from) and no other program has
  /// it open.
  private static func removeIfNothingRecorded(_ path: String) {
    do {
      // A connection of our own: a writer still holding it keeps its `-wal` after we close.
      let db = try Database(path: path, busyTimeout: 0)
      if try db.holdsRecordings() { return }
    } catch {
      // An unreadable file this command created holds nothing of anyone's.
      let attributes = try? FileManager.default.attributesOfItem(atPath: path)
      guard ((attributes?[.size] as? NSNumber)?.intValue ?? 0) == 0 else { return }
    }
    guard !FileManager.default.fileExists(atPath: path + "-wal") else { return }
    for suffix in ["", "-shm", "-journal"] {
      try? FileManager.default.removeItem(atPath: path + suffix)
    }
  }
}
