import Foundation
import GraphStore
import TestSupport
import Testing

@Suite("SQLite connection and statements")
struct DatabaseTests {
  func fileDatabase() throws -> Database {
    try Database(path: Fixtures.temporaryDirectory().appendingPathComponent("t.sqlite").path)
  }

  @Test("opening leaves the journal as it is; enableWAL switches it; foreign keys are on")
  func pragmas() throws {
    let db = try fileDatabase()
    #expect(try db.fetchOne("PRAGMA journal_mode")?.first?.string == "delete")
    try db.enableWAL()
    #expect(try db.fetchOne("PRAGMA journal_mode")?.first?.string == "wal")
    #expect(try db.scalar("PRAGMA foreign_keys") == 1)
    let memory = try Database(path: ":memory:")
    #expect(try memory.scalar("PRAGMA foreign_keys") == 1)
  }

  @Test("typed binds and reads round-trip")
  func roundTrip() throws {
    let db = try Database(path: ":memory:")
    try db.execute("CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB, n)")
    let insert = try db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)")
    for (number, text) in [(Int64.max, "上海 🔥"), (Int64.min, ""), (0, "a\u{0}b")] {
      try insert.bind(number, at: 1)
      try insert.bind(0.25, at: 2)
      try insert.bind(text, at: 3)
      try insert.bind([0, 255, 7], at: 4)
      try insert.bindNull(at: 5)
      try insert.run()
    }
    let select = try db.prepare("SELECT i, r, s, b, n FROM t ORDER BY rowid")
    var rows: [(Int64, String)] = []
    while try select.step() {
      #expect(select.double(1) == 0.25)
      #expect(select.blob(3) == [0, 255, 7])
      #expect(select.isNull(4) && select.optionalString(4) == nil)
      rows.append((select.int64(0), select.string(2)))
    }
    #expect(rows.map(\.0) == [Int64.max, Int64.min, 0])
    #expect(rows.map(\.1) == ["上海 🔥", "", "a\u{0}b"])
    #expect(select.columnNames == ["i", "r", "s", "b", "n"])
    let named = try db.prepare("SELECT :x + 1")
    try named.bind(41, named: ":x")
    #expect(try named.step() && named.int(0) == 42)
    #expect(throws: DatabaseError.self) { try named.bind(1, named: ":missing") }
  }

  @Test("transactions commit, and roll back when the body throws")
  func transactions() throws {
    let db = try Database(path: ":memory:")
    try db.execute("CREATE TABLE t(x)")
    try db.inTransaction { try db.execute("INSERT INTO t VALUES (1)") }
    struct Boom: Error {}
    #expect(throws: Boom.self) {
      try db.inTransaction {
        try db.execute("INSERT INTO t VALUES (2)")
        throw Boom()
      }
    }
    #expect(try db.scalar("SELECT count(*) FROM t") == 1)
    #expect(!db.isInTransaction)
  }

  @Test("a UNIQUE violation carries the extended code, the SQL and the file")
  func uniqueViolation() throws {
    let db = try fileDatabase()
    try db.execute("CREATE TABLE t(x UNIQUE); INSERT INTO t VALUES (1)")
    do {
      try db.execute("INSERT INTO t VALUES (1)")
      Issue.record("no error")
    } catch let error as DatabaseError {
      #expect(error.code == .constraintUnique)
      #expect(error.code.matches(.constraint))
      // The message is words about the file; the code and the SQL are for debugging.
      #expect(error.description == "\(db.path): UNIQUE constraint failed: t.x")
      #expect(error.debugDescription.contains("SQLite error 2067 (SQLITE_CONSTRAINT_UNIQUE)"))
      #expect(error.debugDescription.contains("while executing `INSERT INTO t VALUES (1)`"))
      #expect(error.debugDescription.hasSuffix(" in \(db.path)"))
    }
    do {
      _ = try db.prepare("SELEC 1")
      Issue.record("no error")
    } catch let error as DatabaseError {
      #expect(error.sql == "SELEC 1" && error.code == .error)
    }
  }

  @Test("a file that is not a database is refused")
  func notADatabase() throws {
    let path = try Fixtures.temporaryDirectory().appendingPathComponent("x.sqlite").path
    try String(repeating: "not sqlite ", count: 100).write(
      toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: DatabaseError.self) { try Database(path: path) }
    #expect(throws: DatabaseError.self) { try Database(path: "/nonexistent/dir/x.sqlite") }
  }

  @Test("cached statements are reused")
  func cache() throws {
    let db = try Database(path: ":memory:")
    let first = try db.cachedStatement("SELECT 1")
    #expect(try db.cachedStatement("SELECT 1") === first)
    #expect(try db.scalar("SELECT ? * 2", [21]) == 42)
    #expect(try db.scalar("SELECT ? * 2", [4]) == 8)
  }
}

@Suite("Queue, readers and migrations")
struct DatabaseQueueTests {
  @Test("a reader sees committed data while the writer holds an open transaction")
  func readerDuringWrite() throws {
    let path = try Fixtures.temporaryDirectory().appendingPathComponent("q.sqlite").path
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in try db.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1)") }
    let reader = try queue.makeReader()
    try queue.withConnection { db in
      try db.execute("BEGIN IMMEDIATE; INSERT INTO t VALUES (2)")
    }
    // The writer's transaction is still open: the reader sees the committed row only.
    #expect(try reader.scalar("SELECT count(*) FROM t") == 1)
    try queue.withConnection { db in try db.execute("COMMIT") }
    #expect(try reader.scalar("SELECT count(*) FROM t") == 2)
    #expect(throws: DatabaseError.self) { try reader.execute("INSERT INTO t VALUES (3)") }
  }

  @Test("a second writer waits for the busy timeout, then fails with SQLITE_BUSY")
  func busy() throws {
    let path = try Fixtures.temporaryDirectory().appendingPathComponent("b.sqlite").path
    let first = try Database(path: path)
    try first.execute("CREATE TABLE t(x)")
    let second = try Database(path: path, busyTimeout: 0.2)
    try first.execute("BEGIN IMMEDIATE")
    let start = Date()
    do {
      try second.execute("BEGIN IMMEDIATE")
      Issue.record("no error")
    } catch let error as DatabaseError {
      #expect(error.code.matches(.busy))
    }
    #expect(Date().timeIntervalSince(start) >= 0.15)
    try first.execute("COMMIT")
  }

  @Test("a read transaction sees one snapshot while another connection commits")
  func readSnapshot() throws {
    let path = try Fixtures.temporaryDirectory().appendingPathComponent("s.sqlite").path
    let writer = try Database(path: path)
    try writer.enableWAL()
    try writer.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1)")
    let reader = try Database(path: path)
    let counts = try reader.inReadTransaction {
      let before = try reader.scalar("SELECT count(*) FROM t")
      try writer.execute("INSERT INTO t VALUES (2)")
      return (before, try reader.scalar("SELECT count(*) FROM t"))
    }
    #expect(counts.0 == 1 && counts.1 == 1)
    #expect(!reader.isInTransaction)
    #expect(try reader.scalar("SELECT count(*) FROM t") == 2)
  }

  @Test("switching to WAL waits for another writer instead of failing at once")
  func walSwitchWaits() throws {
    let path = try Fixtures.temporaryDirectory().appendingPathComponent("w.sqlite").path
    let firstWriter = try Database(path: path)
    try firstWriter.execute("CREATE TABLE t(x); INSERT INTO t VALUES (1)")
    // Another writer holds the rollback journal's reserved lock. The switch reads the file
    // first, and a connection reading cannot wait for the write lock (SQLite answers busy at
    // once, as waiting could deadlock).
    try firstWriter.execute("BEGIN IMMEDIATE")
    let switcher = try Database(path: path, busyTimeout: 10)
    let released = DispatchSemaphore(value: 0)
    // Used by the other thread only while this one waits in `enableWAL`.
    nonisolated(unsafe) let holder = firstWriter
    DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
      try? holder.execute("COMMIT")
      released.signal()
    }
    try switcher.enableWAL()
    released.wait()
    #expect(try switcher.fetchOne("PRAGMA journal_mode")?.first?.string == "wal")
    // With no time to wait, it still gives up.
    let other = try Fixtures.temporaryDirectory().appendingPathComponent("w2.sqlite").path
    let locker = try Database(path: other)
    try locker.execute("CREATE TABLE t(x); BEGIN IMMEDIATE")
    let impatient = try Database(path: other, busyTimeout: 0)
    #expect(throws: DatabaseError.self) { try impatient.enableWAL() }
    try locker.execute("COMMIT")
  }

  @Test("migrations run once, in order, and a newer file is refused")
  func migrations() throws {
    let db = try Database(path: ":memory:")
    var migrator = Migrator()
    migrator.register("one") { db in try db.execute("CREATE TABLE a(x)") }
    migrator.register("two") { db in try db.execute("ALTER TABLE a ADD y") }
    #expect(try migrator.migrate(db) == ["one", "two"])
    #expect(try migrator.migrate(db) == [])
    #expect(try db.userVersion == 2)
    var failing = migrator
    failing.register("broken") { db in
      try db.execute("CREATE TABLE b(x)")
      try db.execute("NOT SQL")
    }
    #expect(throws: DatabaseError.self) { try failing.migrate(db) }
    #expect(try db.userVersion == 2)
    #expect(try db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'b'") == 0)
    try db.setUserVersion(7)
    #expect(throws: MigrationError.self) { try migrator.migrate(db) }
  }
}

@Suite("Graph schema")
struct GraphSchemaTests {
  @Test("migrates an empty file to the current version, once")
  func migrate() throws {
    let db = try Database(path: ":memory:")
    #expect(try GraphSchema.migrator.migrate(db).count == GraphSchema.migrator.latestVersion)
    #expect(try GraphSchema.migrator.migrate(db).isEmpty)
    for table in [
      "app", "source", "page", "visit", "element", "action", "visit_edge", "edge", "reject",
    ] {
      #expect(
        try db.scalar("SELECT count(*) FROM sqlite_master WHERE name = ?", [.text(table)]) == 1)
    }
  }
}
