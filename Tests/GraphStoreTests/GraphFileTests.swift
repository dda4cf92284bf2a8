import Foundation
import GraphStore
import Synchronization
import TestSupport
import Testing

/// Telling m3m graphs from other SQLite files, creating the schema once under concurrency, and
/// errors that say what happened in words.
@Suite("Graph files: identity, creation, errors")
struct GraphFileTests {
  func path(_ name: String = "g.sqlite") throws -> String {
    try Fixtures.temporaryDirectory("graph-file").appendingPathComponent(name).path
  }

  /// A graph as m3m before version 4 made it: schema 3, no application id.
  func olderGraph(at path: String) throws {
    let db = try Database(path: path)
    var older = Migrator()
    for migration in GraphSchema.migrator.migrations.prefix(3) {
      older.register(migration.name, migration.body)
    }
    try older.migrate(db)
  }

  @Test("empty, current, older, newer and foreign files are told apart")
  func identity() throws {
    let empty = try Database(path: path())
    #expect(try GraphSchema.identify(empty) == .empty)

    let current = try Database(path: path())
    try GraphSchema.prepare(current)
    #expect(
      try GraphSchema.identify(current) == .graph(version: GraphSchema.migrator.latestVersion))
    #expect(try current.applicationID == GraphSchema.applicationID)

    let olderPath = try path()
    try olderGraph(at: olderPath)
    let older = try Database(path: olderPath)
    #expect(try GraphSchema.identify(older) == .graph(version: 3))

    let newer = GraphSchema.migrator.latestVersion + 1
    try current.setUserVersion(newer)
    #expect(try GraphSchema.identify(current) == .newer(version: newer))

    let foreign = try Database(path: path())
    try foreign.execute("CREATE TABLE notes(x)")
    #expect(try GraphSchema.identify(foreign) == .foreign)
    // Another program's id, or a version number with tables that are not m3m's.
    try foreign.execute("PRAGMA user_version = 2")
    #expect(try GraphSchema.identify(foreign) == .foreign)
    let stamped = try Database(path: path())
    try stamped.execute("PRAGMA application_id = 42")
    #expect(try GraphSchema.identify(stamped) == .foreign)
  }

  @Test("a foreign or newer file is refused by prepare and left byte for byte as it was")
  func refusedUntouched() throws {
    let foreignPath = try path()
    let foreign = try Database(path: foreignPath)
    try foreign.execute("CREATE TABLE notes(x); INSERT INTO notes VALUES ('keep')")
    let before = try Data(contentsOf: URL(fileURLWithPath: foreignPath))
    #expect(throws: GraphFileError.self) { try GraphSchema.prepare(foreign) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: foreignPath)) == before)
    #expect(try foreign.fetchOne("PRAGMA journal_mode")?.first?.string == "delete")
    #expect(!FileManager.default.fileExists(atPath: foreignPath + "-wal"))

    let newerPath = try path()
    let newer = try Database(path: newerPath)
    try GraphSchema.prepare(newer)
    try newer.setUserVersion(GraphSchema.migrator.latestVersion + 1)
    let newerBefore = try newer.scalar("SELECT count(*) FROM sqlite_master")
    #expect(throws: MigrationError.self) { try GraphSchema.prepare(newer) }
    #expect(try newer.scalar("SELECT count(*) FROM sqlite_master") == newerBefore)
    #expect(try newer.userVersion == GraphSchema.migrator.latestVersion + 1)
  }

  @Test("a graph of an older m3m is upgraded and marked")
  func upgrade() throws {
    let olderPath = try path()
    try olderGraph(at: olderPath)
    let db = try Database(path: olderPath)
    #expect(
      try GraphSchema.prepare(db) == GraphSchema.migrator.migrations.dropFirst(3).map(\.name))
    #expect(try GraphSchema.identify(db) == .graph(version: GraphSchema.migrator.latestVersion))
    #expect(try db.applicationID == GraphSchema.applicationID)
    #expect(try db.fetchOne("PRAGMA journal_mode")?.first?.string == "wal")
  }

  @Test("eight connections creating one new graph at once: one creates it, all succeed")
  func concurrentCreation() throws {
    let target = try path()
    let failures = Mutex<[String]>([])
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      do {
        let db = try Database(path: target, busyTimeout: 30)
        try GraphSchema.prepare(db)
        try db.inTransaction {
          try db.execute("INSERT OR IGNORE INTO app(name) VALUES ('a')")
        }
      } catch {
        failures.withLock { $0.append("\(error)") }
      }
    }
    #expect(failures.withLock { $0 } == [])
    let db = try Database(path: target)
    #expect(try GraphSchema.identify(db) == .graph(version: GraphSchema.migrator.latestVersion))
    #expect(try db.scalar("SELECT count(*) FROM app") == 1)
  }

  @Test("a waiting connection says so once, waits its timeout, then fails as locked")
  func busyWait() throws {
    let target = try path()
    let first = try Database(path: target)
    try GraphSchema.prepare(first)
    let calls = Mutex(0)
    let second = try Database(path: target, busyTimeout: 0.3) { calls.withLock { $0 += 1 } }
    try first.execute("BEGIN IMMEDIATE")
    let start = Date()
    do {
      try second.execute("BEGIN IMMEDIATE")
      Issue.record("the second writer got the lock")
    } catch let error as DatabaseError {
      #expect(error.code.matches(.busy))
      #expect(error.description == "\(target): the database is locked by another writer")
    }
    #expect(Date().timeIntervalSince(start) >= 0.25)
    #expect(calls.withLock { $0 } == 1)
    try first.execute("COMMIT")
    try second.execute("BEGIN IMMEDIATE; COMMIT")
  }

  @Test("errors say what happened to which file, without SQLite codes or SQL")
  func messages() throws {
    let folder = try Fixtures.temporaryDirectory("graph-file")
    func message(_ body: () throws -> Void) -> String {
      do {
        try body()
        return "no error"
      } catch {
        return "\(error)"
      }
    }
    let folderMessage = message { _ = try Database(path: folder.path) }
    #expect(folderMessage == "\(folder.path): is a folder, not a database file")
    #expect(message { _ = try Database(path: folder.path, mode: .readOnly) } == folderMessage)
    let missing = folder.appendingPathComponent("none/g.sqlite").path
    #expect(
      message { _ = try Database(path: missing) }
        == "\(missing): cannot open the database: no such folder \(folder.path)/none")
    let text = folder.appendingPathComponent("text.sqlite").path
    try String(repeating: "not sqlite ", count: 100).write(
      toFile: text, atomically: true, encoding: .utf8)
    #expect(message { _ = try Database(path: text) } == "\(text): not a database file")
    let foreign = try Database(path: folder.appendingPathComponent("f.sqlite").path)
    try foreign.execute("CREATE TABLE notes(x)")
    #expect(
      message { try GraphSchema.prepare(foreign) }
        == "\(foreign.path): not an m3m graph (an SQLite file of another program); "
        + "m3m leaves it untouched")
    let query = message { _ = try foreign.fetchAll("SELECT * FROM app") }
    #expect(query == "\(foreign.path): no such table: app")
    for text in [folderMessage, query] {
      #expect(!text.contains("SQLite error") && !text.contains("SQLITE_"))
    }
  }
}
