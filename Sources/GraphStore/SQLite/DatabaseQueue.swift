import Synchronization

/// A database file shared across threads: one writer connection serialised by a mutex, plus
/// read-only connections for queries that run while a long write (an ingest) is going on.
///
/// Concurrency: the writer ``Database`` is not Sendable; it lives inside a `Mutex`, and bodies
/// are `@Sendable` closures that receive it only while the lock is held, so it never escapes
/// to two threads at once. WAL mode lets each reader connection see the last committed state
/// without waiting for the writer.
///
/// ```swift
/// let queue = try DatabaseQueue(path: "graph.sqlite")
/// try queue.write { db in try db.execute("INSERT …") }      // one transaction
/// let n = try queue.read { db in try db.scalar("SELECT count(*) FROM page") }
/// ```
public final class DatabaseQueue: Sendable {
  /// The file path.
  public let path: String
  private let writer: Mutex<Database>

  /// Opens the file (creating it) in WAL mode.
  public init(path: String) throws {
    self.path = path
    let database = try Database(path: path)
    try database.enableWAL()
    writer = Mutex(database)
  }

  /// Runs `body` on the writer connection inside one transaction.
  public func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
    try writer.withLock { db in try db.inTransaction { try body(db) } }
  }

  /// Runs `body` on the writer connection without opening a transaction (for PRAGMAs,
  /// migrations that manage their own, or batched work that commits by itself).
  public func withConnection<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
    try writer.withLock { db in try body(db) }
  }

  /// Runs `body` on the writer connection, serialised with writes.
  public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
    try writer.withLock { db in try body(db) }
  }

  /// Opens a new read-only connection to the same file, for queries that must not wait for the
  /// writer. Each thread should use its own.
  public func makeReader() throws -> Database {
    try Database(path: path, mode: .readOnly)
  }
}
