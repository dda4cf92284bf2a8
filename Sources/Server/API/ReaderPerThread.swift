import GraphStore

#if canImport(Glibc)
  import Glibc
#endif

/// One read-only connection to the graph per server thread, opened on the thread's first
/// request and closed when the thread ends: requests on different threads never wait for
/// each other (SQLite's WAL lets them all read while a writer writes).
final class ReaderPerThread: Sendable {
  /// The graph database.
  let path: String
  private let key: pthread_key_t

  init(path: String) throws(ServerError) {
    self.path = path
    var key = pthread_key_t()
    let created = pthread_key_create(&key) { connection in
      guard let connection else { return }
      Unmanaged<Database>.fromOpaque(connection).release()
    }
    guard created == 0 else { throw ServerError("cannot create a per-thread connection key") }
    self.key = key
  }

  deinit { pthread_key_delete(key) }

  /// This thread's connection, opened read-only on first use.
  func connection() throws -> Database {
    if let existing = pthread_getspecific(key) {
      return Unmanaged<Database>.fromOpaque(existing).takeUnretainedValue()
    }
    let database = try Database(path: path, mode: .readOnly)
    pthread_setspecific(key, Unmanaged.passRetained(database).toOpaque())
    return database
  }
}
