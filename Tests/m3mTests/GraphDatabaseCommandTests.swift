import Foundation
import GraphStore
import Synchronization
import TestSupport
import Testing

/// The `--db` file as every command meets it: another program's file and a newer m3m's are
/// refused untouched, read-only files are queried, writers wait for each other, a database a
/// failed command created is removed, and messages say what happened in words.
@Suite("m3m and the graph database file")
struct GraphDatabaseCommandTests {
  /// A trace folder (`steps.jsonl` + dumps) of `screens` screens of `app`, no screenshots.
  static func trace(app: String, screens: Int, in parent: URL? = nil) throws -> URL {
    let folder = try (parent ?? Fixtures.temporaryDirectory("trace")).appendingPathComponent(app)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var lines: [String] = []
    for index in 0..<screens {
      try """
      <hierarchy rotation="0"><node class="android.widget.FrameLayout" package="\(app)" \
      bounds="[0,0][100,200]"><node index="0" text="Screen \(index)" \
      class="android.widget.TextView" package="\(app)" clickable="true" \
      bounds="[0,0][100,40]"/></node></hierarchy>
      """.write(
        to: folder.appendingPathComponent("\(index).xml"), atomically: true, encoding: .utf8)
      lines.append(
        "{\"id\": \"\(index)\", \"app\": \"\(app)\", \"xml\": \"\(index).xml\", "
          + "\"action\": {\"type\": \"click\", \"x\": 5, \"y\": 5}}")
    }
    try lines.joined(separator: "\n").write(
      to: folder.appendingPathComponent("steps.jsonl"), atomically: true, encoding: .utf8)
    return folder
  }

  static func stats(_ db: String) throws -> String {
    try ProcessResult.run("m3m", ["stats", "--db", db, "--json"]).stdout
  }

  static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

  /// No SQLite code, SQL or Foundation error domain in what a user reads.
  static func expectWords(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for raw in ["SQLite error", "SQLITE_", "while executing", "NSCocoaErrorDomain", "CREATE "] {
      #expect(!text.contains(raw), "\(text)", sourceLocation: sourceLocation)
    }
  }

  /// Every command that takes `--db`, pointed at `db` (`good` is a real graph, `folder` a
  /// scratch folder).
  static func everyCommand(db: String, good: String, source: String, folder: URL) -> [[String]] {
    [
      ["ingest", source, "--db", db],
      ["stats", "--db", db],
      ["search", "Screen", "--db", db],
      ["show", "x0", "--db", db],
      ["leads-to", "x0", "--db", db],
      ["path", "x0", "x1", "--db", db],
      ["export", "--format", "dot", "--db", db],
      ["merge", db, "--db", folder.appendingPathComponent("merged.sqlite").path],
      ["merge", good, "--db", db],
      ["crawl", "--device", "sim:graphs/shop.json", "--budget", "3", "--db", db],
      ["corpus", "build", "--db", db, "--out", folder.appendingPathComponent("corpus").path],
      [
        "corpus", "eval", "--db", db, "--model", "builtin", "--out",
        folder.appendingPathComponent("p.jsonl").path,
      ],
      [
        "agent", "run", "--from-graph", "--db", db, "--out",
        folder.appendingPathComponent("a.jsonl").path,
      ],
    ]
  }

  @Test("another program's SQLite file and a newer m3m's are refused by every command, untouched")
  func refusedUntouched() throws {
    let folder = try Fixtures.temporaryDirectory("refused")
    let source = try Self.trace(app: "x", screens: 2, in: folder).path
    let good = folder.appendingPathComponent("good.sqlite").path
    #expect(try ProcessResult.run("m3m", ["ingest", source, "--db", good]).status == 0)

    let foreign = folder.appendingPathComponent("notes.sqlite").path
    do {
      let db = try Database(path: foreign)
      try db.execute("CREATE TABLE notes(text); INSERT INTO notes VALUES ('keep me')")
    }
    let newer = folder.appendingPathComponent("newer.sqlite").path
    try FileManager.default.copyItem(atPath: good, toPath: newer)
    try Database(path: newer).setUserVersion(GraphSchema.migrator.latestVersion + 1)

    for (db, reason) in [
      (foreign, "not an m3m graph (an SQLite file of another program)"),
      (newer, "is newer than this m3m understands"),
    ] {
      let before = try #require(Self.bytes(db))
      for arguments in Self.everyCommand(db: db, good: good, source: source, folder: folder) {
        let result = try ProcessResult.run("m3m", arguments)
        #expect(result.status == 1, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(reason), "\(arguments): \(result.stderr)")
        Self.expectWords(result.stderr)
        #expect(Self.bytes(db) == before, "\(arguments) changed \(db)")
        // Nothing waits to be written into it either (a WAL reader may leave an empty -wal).
        let wal = try? FileManager.default.attributesOfItem(atPath: db + "-wal")
        #expect(((wal?[.size] as? NSNumber)?.intValue ?? 0) == 0, "\(arguments)")
      }
    }
    // The failed merges into a new file left nothing behind.
    #expect(
      !FileManager.default.fileExists(atPath: folder.appendingPathComponent("merged.sqlite").path))
  }

  @Test("a graph of an older m3m (schema 3, unmarked) is read as it is and upgraded by writers")
  func olderGraph() throws {
    let folder = try Fixtures.temporaryDirectory("older")
    let source = try Self.trace(app: "x", screens: 2, in: folder).path
    let db = folder.appendingPathComponent("g.sqlite").path
    #expect(try ProcessResult.run("m3m", ["ingest", source, "--db", db]).status == 0)
    // Back to what m3m wrote before graphs were marked.
    do {
      let connection = try Database(path: db)
      try connection.execute("PRAGMA application_id = 0; PRAGMA user_version = 3")
    }
    let before = try #require(Self.bytes(db))
    let stats = try ProcessResult.run("m3m", ["stats", "--db", db, "--json"])
    #expect(stats.status == 0 && stats.stdout.contains("\"visits\" : 2"), "\(stats.stderr)")
    #expect(Self.bytes(db) == before, "a query wrote to the graph")
    #expect(try ProcessResult.run("m3m", ["ingest", source, "--db", db]).status == 0)
    let upgraded = try Database(path: db, mode: .readOnly)
    #expect(try upgraded.applicationID == GraphSchema.applicationID)
    #expect(try upgraded.userVersion == GraphSchema.migrator.latestVersion)
  }

  @Test("queries read a read-only graph in a read-only folder (run as an unprivileged user)")
  func readOnly() throws {
    let folder = try Fixtures.temporaryDirectory("readonly")
    let source = try Self.trace(app: "x", screens: 3, in: folder).path
    let locked = folder.appendingPathComponent("locked")
    try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
    let db = locked.appendingPathComponent("g.sqlite").path
    #expect(try ProcessResult.run("m3m", ["ingest", source, "--db", db]).status == 0)
    // A clean close leaves no -wal or -shm: the folder cannot hold new ones once locked.
    #expect(try FileManager.default.contentsOfDirectory(atPath: locked.path) == ["g.sqlite"])
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
    try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o755], ofItemAtPath: folder.path)
    defer {
      try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path)
    }
    let m3m = Fixtures.productsDirectory.appendingPathComponent("m3m").path
    // Root ignores file modes: the queries run as `nobody` through setpriv, so the modes hold.
    func run(_ arguments: [String]) throws -> ProcessResult? {
      guard getuid() == 0 else { return try ProcessResult.run("m3m", arguments) }
      guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return nil }
      return try ProcessResult.runTool(
        "setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", m3m] + arguments)
    }
    guard let stats = try run(["stats", "--db", db, "--json"]) else {
      print("read-only check skipped: running as root without setpriv to drop privileges")
      return
    }
    #expect(stats.status == 0, "\(stats.stderr)")
    #expect(stats.stdout.contains("\"visits\" : 3"))
    for arguments in [
      ["search", "Screen", "--db", db], ["show", "0", "--db", db],
      ["path", "0", "2", "--db", db], ["export", "--format", "json", "--db", db],
    ] {
      let result = try #require(try run(arguments))
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
    }
    let ingest = try #require(try run(["ingest", source, "--db", db]))
    #expect(ingest.status == 1)
    #expect(ingest.stderr.contains("g.sqlite: the database is read-only"), "\(ingest.stderr)")
    Self.expectWords(ingest.stderr)
    #expect(try FileManager.default.contentsOfDirectory(atPath: locked.path) == ["g.sqlite"])
    // A copy taken with a write-ahead log still to read, into a folder that cannot be written:
    // SQLite cannot read it without a -shm file there, and the message says so.
    let hot = folder.appendingPathComponent("hot")
    try FileManager.default.createDirectory(at: hot, withIntermediateDirectories: true)
    do {
      let livePath = folder.appendingPathComponent("live.sqlite").path
      try FileManager.default.copyItem(atPath: db, toPath: livePath)
      let live = try Database(path: livePath)
      try live.execute("PRAGMA wal_autocheckpoint = 0; INSERT INTO app(name) VALUES ('late')")
      for suffix in ["", "-wal"] {
        try FileManager.default.copyItem(
          atPath: live.path + suffix, toPath: hot.appendingPathComponent("g.sqlite" + suffix).path)
      }
    }
    try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: hot.path)
    defer {
      try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hot.path)
    }
    let hotDB = hot.appendingPathComponent("g.sqlite").path
    let unreadable = try #require(try run(["stats", "--db", hotDB]))
    #expect(unreadable.status == 1)
    #expect(
      unreadable.stderr.contains(
        "\(hotDB): cannot read the database: its write-ahead log (-wal) needs a -shm file, "
          + "and its folder cannot be written"), "\(unreadable.stderr)")
    Self.expectWords(unreadable.stderr)
    // As root too (modes do not bind root, and the reader still writes nothing).
    let asRoot = try ProcessResult.run("m3m", ["stats", "--db", db])
    #expect(asRoot.status == 0, "\(asRoot.stderr)")
  }

  @Test("two first-time ingests into one new database both succeed, as ingesting in turn does")
  func concurrentIngests() throws {
    let folder = try Fixtures.temporaryDirectory("concurrent")
    let a = try Self.trace(app: "com.a", screens: 200, in: folder).path
    let b = try Self.trace(app: "com.b", screens: 200, in: folder).path
    let sequential = folder.appendingPathComponent("sequential.sqlite").path
    #expect(try ProcessResult.run("m3m", ["ingest", a, "--db", sequential]).status == 0)
    #expect(try ProcessResult.run("m3m", ["ingest", b, "--db", sequential]).status == 0)
    let expected = try Self.stats(sequential)
    for round in 0..<6 {
      let db = folder.appendingPathComponent("together\(round).sqlite").path
      let results = Mutex<[ProcessResult?]>([])
      DispatchQueue.concurrentPerform(iterations: 2) { index in
        let result = try? ProcessResult.run("m3m", ["ingest", index == 0 ? a : b, "--db", db])
        results.withLock { $0.append(result) }
      }
      for result in results.withLock({ $0 }) {
        #expect(result?.status == 0, "\(result?.stderr ?? "did not run")")
        Self.expectWords(result?.stderr ?? "")
      }
      #expect(try Self.stats(db) == expected)
    }
  }

  @Test("a second writer says it waits, waits --busy-timeout, then fails having changed nothing")
  func busyTimeout() throws {
    let folder = try Fixtures.temporaryDirectory("busy")
    let a = try Self.trace(app: "com.a", screens: 2, in: folder).path
    let b = try Self.trace(app: "com.b", screens: 2, in: folder).path
    let db = folder.appendingPathComponent("g.sqlite").path
    #expect(try ProcessResult.run("m3m", ["ingest", a, "--db", db]).status == 0)
    let before = try Self.stats(db)
    // Another writer holding the lock (a queue, so another thread can release it).
    let holder = try DatabaseQueue(path: db)
    try holder.withConnection { try $0.execute("BEGIN IMMEDIATE") }
    let start = Date()
    let refused = try ProcessResult.run("m3m", ["ingest", b, "--db", db, "--busy-timeout", "0.5"])
    #expect(Date().timeIntervalSince(start) >= 0.5)
    #expect(refused.status == 1)
    let notice = "g.sqlite is busy (another m3m is writing); waiting up to 0.5 s…"
    #expect(refused.stderr.components(separatedBy: notice).count == 2, "\(refused.stderr)")
    #expect(
      refused.stderr.contains(
        "g.sqlite: another process holds the graph's write lock (an m3m writing, or one "
          + "stopped or hung inside a transaction); gave up after 0.5 s "
          + "(--busy-timeout sets how long)"), "\(refused.stderr)")
    Self.expectWords(refused.stderr)
    try holder.withConnection { try $0.execute("COMMIT") }
    #expect(try Self.stats(db) == before)

    // Released while the second writer waits: it goes on.
    try holder.withConnection { try $0.execute("BEGIN IMMEDIATE") }
    DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) {
      try? holder.withConnection { try $0.execute("COMMIT") }
    }
    let waited = try ProcessResult.run("m3m", ["ingest", b, "--db", db])
    #expect(waited.status == 0, "\(waited.stderr)")
    #expect(
      waited.stderr.contains("g.sqlite is busy (another m3m is writing); waiting up to 30 s…"))
    #expect(try Self.stats(db).contains("\"visits\" : 4"))
    #expect(
      try ProcessResult.run("m3m", ["ingest", b, "--db", db, "--busy-timeout", "-1"]).status == 2)
  }

  @Test("a command that fails before recording anything removes the database it created")
  func failedCommandsLeaveNoDatabase() throws {
    let folder = try Fixtures.temporaryDirectory("cleanup")
    let source = try Self.trace(app: "x", screens: 2, in: folder).path
    let foreign = folder.appendingPathComponent("notes.sqlite").path
    try Database(path: foreign).execute("CREATE TABLE notes(x)")
    let created = folder.appendingPathComponent("new.sqlite").path
    for arguments in [
      ["ingest", folder.appendingPathComponent("no-such-trace").path, "--db", created],
      ["merge", foreign, "--db", created],
      ["crawl", "--device", "sim:no-such-app.json", "--db", created],
      ["crawl", "--device", "sim:graphs/shop.json", "--actions-from", foreign, "--db", created],
    ] {
      let result = try ProcessResult.run("m3m", arguments)
      #expect(result.status == 1, "\(arguments): \(result.stderr)")
      Self.expectWords(result.stderr)
      let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        .filter { $0.hasPrefix("new.sqlite") }
      #expect(left.isEmpty, "\(arguments) left \(left)")
    }
    // A database that was there before is kept, unchanged, whatever fails.
    let kept = folder.appendingPathComponent("kept.sqlite").path
    #expect(try ProcessResult.run("m3m", ["ingest", source, "--db", kept]).status == 0)
    let before = try #require(Self.bytes(kept))
    let missing = try ProcessResult.run("m3m", ["ingest", "no-such-trace", "--db", kept])
    #expect(missing.status == 1)
    #expect(Self.bytes(kept) == before)
  }

  @Test("a new database is kept when the command fails after recording (resuming needs it)")
  func failedAfterRecordingKeepsTheDatabase() throws {
    let folder = try Fixtures.temporaryDirectory("kept")
    let a = folder.appendingPathComponent("a.sqlite").path
    let b = folder.appendingPathComponent("b.sqlite").path
    let one = try Self.trace(app: "com.one", screens: 3, in: folder).path
    let two = try Self.trace(app: "com.two", screens: 3, in: folder).path
    #expect(try ProcessResult.run("m3m", ["ingest", one, "--db", a]).status == 0)
    #expect(try ProcessResult.run("m3m", ["ingest", two, "--db", b]).status == 0)
    // B is marked as a graph but its visits cannot be read: the merge fails on it, after A.
    try Database(path: b).execute("ALTER TABLE visit RENAME COLUMN record TO renamed")
    let out = folder.appendingPathComponent("out.sqlite").path
    let merge = try ProcessResult.run("m3m", ["merge", a, b, "--db", out])
    #expect(merge.status == 1)
    #expect(merge.stderr.contains("no such column"), "\(merge.stderr)")
    Self.expectWords(merge.stderr)
    #expect(try Database(path: out, mode: .readOnly).scalar("SELECT count(*) FROM visit") == 3)
  }

  @Test("a --db that is a folder, in a missing folder or not a database: said in words")
  func messages() throws {
    let folder = try Fixtures.temporaryDirectory("messages")
    let source = try Self.trace(app: "x", screens: 1, in: folder).path
    let text = folder.appendingPathComponent("notes.txt").path
    try "just text\n".write(toFile: text, atomically: true, encoding: .utf8)
    let missing = folder.appendingPathComponent("none/g.sqlite").path
    for (db, words) in [
      (folder.path, "\(folder.path): is a folder, not a database file"),
      (text, "\(text): not a database file"),
    ] {
      for arguments in [["ingest", source, "--db", db], ["stats", "--db", db]] {
        let result = try ProcessResult.run("m3m", arguments)
        #expect(result.status == 1)
        #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
        Self.expectWords(result.stderr)
      }
    }
    let create = try ProcessResult.run("m3m", ["ingest", source, "--db", missing])
    #expect(
      create.stderr.contains("cannot create the database: no such folder"), "\(create.stderr)")
    let read = try ProcessResult.run("m3m", ["stats", "--db", missing])
    #expect(read.stderr.contains("\(missing): no such graph database"), "\(read.stderr)")
  }
}
