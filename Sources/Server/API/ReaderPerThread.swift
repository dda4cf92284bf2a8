import GraphStore

#if canImport(Glibc)
  import Glibc
#endif

/// One read-only connection to the graph per server thread, opened on the thread's first
/// request and closed when the thread ends: requests on different threads never wait for
/// each other (SQLite's WAL lets them all read while a writer writes). Objects built on the
/// connection (an agent policy) are kept with it.
final class ReaderPerThread: Sendable {
  /// The graph database.
  let path: String
  private let key: pthread_key_t

  /// A thread's connection and what was built on it.
  private final class Reader {
    let database: Database
    var built: [String: AnyObject] = [:]
    init(database: Database) { self.database = database }
  }

  init(path: String) throws(ServerError) {
    self.path = path
    var key = pthread_key_t()
    let created = pthread_key_create(&key) { reader in
      guard let reader else { return }
      Unmanaged<Reader>.fromOpaque(reader).release()
    }
    guard created == 0 else { throw ServerError("cannot create a per-thread connection key") }
    self.key = key
  }

  deinit { pthread_key_delete(key) }

  private func reader() throws -> Reader {
    if let existing = pthread_getspecific(key) {
      return Unmanaged<Reader>.fromOpaque(existing).takeUnretainedValue()
    }
    let reader = try Reader(database: Database(path: path, mode: .readOnly))
    pthread_setspecific(key, Unmanaged.passRetained(reader).toOpaque())
    return reader
  }

  /// This thread's connection, opened read-only on first use.
  func connection() throws -> Database { try reader().database }

  /// This thread's `T` named `name`, made from its connection on first use.
  func object<T: AnyObject>(_ name: String, make: (Database) throws -> T) throws -> T {
    let reader = try reader()
    if let existing = reader.built[name] as? T { return existing }
    let made = try make(reader.database)
    reader.built[name] = made
    return made
  }
}
