import FileIO
import GraphStore
import Ingest
import Synchronization

/// The server's one write connection, behind a lock: every push to a live session is recorded
/// through it, one at a time, while the read connections of the other threads go on reading
/// (SQLite's WAL). Opened on the first write, so a server nobody pushes to never writes.
final class SessionWriter: Sendable {
  /// The graph database.
  let databasePath: String
  /// Where pushed screens are stored.
  let captures: CaptureFolder
  private let writer = Mutex<LiveIngest?>(nil)

  init(databasePath: String, captures: CaptureFolder) {
    self.databasePath = databasePath
    self.captures = captures
  }

  /// Runs `body` with the writer, after any write in progress; the writer is dropped (and
  /// opened again by the next write) when `body` fails other than for a bad request.
  func write<T: Sendable>(_ body: (LiveIngest) throws -> T) throws -> T {
    try writer.withLock { live throws -> T in
      let current: LiveIngest
      if let live {
        current = live
      } else {
        current = try LiveIngest(
          database: Database(path: databasePath, busyTimeout: 30), captures: captures)
        live = current
      }
      do {
        return try body(current)
      } catch let error as LiveIngestError {
        throw error
      } catch {
        live = nil
        throw error
      }
    }
  }

  /// Waits for the write in progress, then closes the connection.
  func close() {
    writer.withLock { $0 = nil }
  }
}
