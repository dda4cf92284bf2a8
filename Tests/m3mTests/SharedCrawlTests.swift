import Dispatch
import Foundation
import GraphStore
import Synchronization
import TestSupport
import Testing

/// Crawl workers sharing one graph: they claim the pages they expand and take action numbers
/// from the graph, so `--prefix` workers started side by side on one PostgreSQL database (or
/// one SQLite file) crawl it as one crawl would, with no copied base and no merge.
@Suite("m3m crawl: workers sharing one graph")
struct SharedCrawlTests {
  /// A graph as content, in either engine: every page by its elements (the clock left out),
  /// every distinct edge as (page, action, page). Names and row ids differ between graphs;
  /// this does not.
  static func content(_ location: String) throws -> (pages: [String], edges: [String]) {
    let db = try Database(path: location, mode: .readOnly)
    var elements: [Int64: [String]] = [:]
    for row in try db.rows(
      """
      SELECT page_id AS page_id, text AS text, resource_id AS resource_id FROM element
      ORDER BY page_id, node_index
      """)
    {
      guard let page = row["page_id"].int64 else { continue }
      let resource = row["resource_id"].string ?? ""
      if resource.hasSuffix(":id/clock") { continue }
      elements[page, default: []].append((row["text"].string ?? "") + "#" + resource)
    }
    let key = { (page: Int64?) in (page.flatMap { elements[$0] } ?? []).joined(separator: "|") }
    let pages = try db.rows("SELECT id AS id FROM page").map { key($0["id"].int64) }
    let edges = try db.rows(
      """
      SELECT e.from_page AS from_page, a.mobile3m AS action, e.to_page AS to_page
      FROM edge e JOIN action a ON a.id = e.action_id
      """
    ).map {
      "\(key($0["from_page"].int64)) --\($0["action"].string ?? "")--> \(key($0["to_page"].int64))"
    }
    return (pages.sorted(), Array(Set(edges)).sorted())
  }

  /// `m3m stats --json` of a graph.
  static func stats(_ location: String) throws -> [String: Int] {
    let stats = try ProcessResult.run("m3m", ["stats", "--db", location, "--json"])
    let object = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
    return (object ?? [:]).compactMapValues { $0 as? Int }
  }

  /// A fresh graph of `engine` (nil when PostgreSQL is not installed: the reason is printed).
  static func freshGraph(_ engine: String, in folder: URL) throws -> String? {
    engine == "postgresql"
      ? try TemporaryPostgresCluster.freshDatabase("crawl")
      : folder.appendingPathComponent("shared.sqlite").path
  }

  @Test(
    "two workers with complementary prefixes on one graph, at once, = one crawl, with no merge",
    arguments: ["postgresql", "sqlite"])
  func complementaryWorkers(engine: String) throws {
    let folder = try Fixtures.temporaryDirectory("shared-crawl-\(engine)")
    guard let shared = try Self.freshGraph(engine, in: folder) else { return }
    let crawl = ["crawl", "--device", "sim:graphs/notes.json"]
    let one = folder.appendingPathComponent("one.sqlite").path
    #expect(try ProcessResult.run("m3m", crawl + ["--db", one]).status == 0)

    // notes0_2 (Search) and its subtree on one worker, the rest on the other, started together
    // on one graph, each keeping its screens in a folder of its own (as on two hosts).
    let work = ["a", "b"].map { folder.appendingPathComponent("screens-\($0)").path }
    let workers = [
      crawl + ["--db", shared, "--work", work[0], "--prefix", "notes0_2"],
      crawl + ["--db", shared, "--work", work[1], "--exclude-prefix", "notes0_2_"],
    ]
    let results = Mutex<[Int: ProcessResult]>([:])
    DispatchQueue.concurrentPerform(iterations: workers.count) { index in
      let result = try? ProcessResult.run("m3m", workers[index])
      results.withLock { $0[index] = result }
    }
    for index in workers.indices {
      let result = results.withLock { $0[index] }
      #expect(result?.status == 0, "worker \(index): \(result?.stderr ?? "did not run")")
    }

    // The shared graph is the one crawl's: the same pages and distinct edges by content, and
    // the same counts (each page expanded once, each of its actions taken once).
    let expected = try Self.content(one)
    #expect(expected.pages.count == 11 && expected.edges.count > 20)
    let got = try Self.content(shared)
    #expect(got.pages == expected.pages)
    #expect(got.edges == expected.edges)
    let oneStats = try Self.stats(one)
    let sharedStats = try Self.stats(shared)
    for key in ["visits", "uniquePages", "uniqueEdges", "selfLoops"] {
      #expect(sharedStats[key] == oneStats[key], "\(key)")
    }

    // Both workers crawled, each only its part: screens from each folder, none of the
    // subtree's from the other worker.
    let db = try Database(path: shared, mode: .readOnly)
    var names: [[String]] = [[], []]
    for row in try db.rows("SELECT name AS name, xml_path AS xml_path FROM visit") {
      guard let name = row["name"].string, let path = row["xml_path"].string else { continue }
      for index in work.indices where path.hasPrefix(work[index] + "/") {
        names[index].append(name)
      }
    }
    #expect(names[0].count + names[1].count == sharedStats["visits"])
    #expect(!names[0].isEmpty && !names[1].isEmpty, "\(names)")
    let inSubtree = { (name: String) in name == "notes0_2" || name.hasPrefix("notes0_2_") }
    #expect(names[0].allSatisfy { $0 == "notes0" || inSubtree($0) }, "\(names[0])")
    #expect(!names[1].contains(where: inSubtree), "\(names[1])")

    // One source, every action numbered once (1…n, as many as the one crawl numbered), every
    // page given back, nothing left to expand.
    #expect(try db.scalar("SELECT count(*) FROM source") == 1)
    let numbers = try db.crawlActionNumbers(app: "notes").map(\.number)
    #expect(numbers == Array(1...Int64(numbers.count)))
    let oneNumbers = try Database(path: one, mode: .readOnly).crawlActionNumbers(app: "notes")
    #expect(numbers.count == oneNumbers.count)
    #expect(try db.scalar("SELECT count(*) FROM crawl_page WHERE claimed_by IS NOT NULL") == 0)
    #expect(try db.crawlPagesToExpand(app: "notes", maxDepth: 10).isEmpty)
  }

  @Test(
    "a worker waits for pages another worker holds, and takes them over once it is gone",
    arguments: ["postgresql", "sqlite"])
  func deadWorkersPages(engine: String) throws {
    let folder = try Fixtures.temporaryDirectory("shared-crawl-dead-\(engine)")
    guard let shared = try Self.freshGraph(engine, in: folder) else { return }
    let crawl = ["crawl", "--device", "sim:graphs/notes.json", "--work", folder.path + "/screens"]
    let one = folder.appendingPathComponent("one.sqlite").path
    #expect(try ProcessResult.run("m3m", crawl + ["--db", one]).status == 0)
    let first = try ProcessResult.run("m3m", crawl + ["--db", shared, "--budget", "30"])
    #expect(first.status == 0, "\(first.stderr)")

    // Another worker holds every page still open: on PostgreSQL this test's own connection
    // (gone when closed), in an SQLite file this test's process (alive) or an ended one.
    var holder: Database? = try Database(path: shared)
    let holding = try CrawlClaimant.register(on: try #require(holder))
    let hold = "UPDATE crawl_page SET claimed_by = ? WHERE done = 0 AND hold = 0"
    try #require(holder).prepare(hold).bindAndRun([.text(holding.id)])
    let visits = try Self.stats(shared)["visits"]
    let process = Process()
    process.executableURL = Fixtures.productsDirectory.appendingPathComponent("m3m")
    process.arguments = crawl + ["--db", shared]
    process.environment = Fixtures.childEnvironment()
    process.currentDirectoryURL = Fixtures.repositoryRoot
    process.standardError = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    // It waits: nothing recorded while the pages are held by a running worker.
    Thread.sleep(forTimeInterval: 1.5)
    #expect(process.isRunning)
    #expect(try Self.stats(shared)["visits"] == visits)

    if engine == "postgresql" {
      holder = nil  // the holding worker's connection ends, as when its process dies
    } else {
      // A process that ran and ended holds them now.
      let ended = Process()
      ended.executableURL = URL(fileURLWithPath: "/bin/true")
      try ended.run()
      ended.waitUntilExit()
      var parts = holding.id.split(separator: ":", maxSplits: 4).map(String.init)
      parts[1] = String(ended.processIdentifier)
      try #require(holder).prepare("UPDATE crawl_page SET claimed_by = ? WHERE claimed_by = ?")
        .bindAndRun([.text(parts.joined(separator: ":")), .text(holding.id)])
      holder = nil
    }
    let deadline = Date().addingTimeInterval(120)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    #expect(!process.isRunning)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let expected = try Self.content(one)
    let got = try Self.content(shared)
    #expect(got.pages == expected.pages)
    #expect(got.edges == expected.edges)
    #expect(try Self.stats(shared)["visits"] == Self.stats(one)["visits"])
  }

  /// `m3m ARGUMENTS` started in the background, its output in files of `folder`.
  static func start(
    _ arguments: [String], named name: String, in folder: URL, environment: [String: String] = [:]
  ) throws -> (process: Process, stdout: URL, stderr: URL) {
    let process = Process()
    process.executableURL = Fixtures.productsDirectory.appendingPathComponent("m3m")
    process.arguments = arguments
    process.environment = Fixtures.childEnvironment(environment)
    process.currentDirectoryURL = Fixtures.repositoryRoot
    let out = folder.appendingPathComponent("\(name).out")
    let err = folder.appendingPathComponent("\(name).err")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    try process.run()
    return (process, out, err)
  }

  /// Whether a process other than this test's connection is inside a transaction on the graph
  /// (SQLite: holds the write lock; PostgreSQL: a session of the database is in a transaction).
  static func someoneWrites(_ location: String, engine: String) throws -> Bool {
    if engine == "postgresql" {
      let db = try Database(path: location, mode: .readOnly)
      let busy = try db.scalar(
        """
        SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
          AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
        """)
      return (busy ?? 0) > 0
    }
    let db = try Database(path: location, busyTimeout: 0)
    do {
      try db.beginWriteTransaction()
      db.rollbackTransaction()
      return false
    } catch {
      return true
    }
  }

  /// Waits up to `seconds` for `condition`; whether it became true.
  static func waitFor(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if try condition() { return true }
      Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
  }

  @Test(
    "a hung worker's pages, freed with --release-claims, go to the other; woken, it writes nothing",
    arguments: ["postgresql", "sqlite"])
  func releasedWorker(engine: String) throws {
    let folder = try Fixtures.temporaryDirectory("shared-crawl-released-\(engine)")
    guard let shared = try Self.freshGraph(engine, in: folder) else { return }
    let crawl = ["crawl", "--device", "sim:graphs/notes.json"]
    let one = folder.appendingPathComponent("one.sqlite").path
    #expect(try ProcessResult.run("m3m", crawl + ["--db", one]).status == 0)

    // Worker A, stopped (SIGSTOP, as a hung device call would leave it) while it holds a page
    // and is outside a write transaction.
    let a = try Self.start(
      crawl + ["--db", shared, "--work", folder.path + "/screens-a", "--json"], named: "a",
      in: folder)
    defer { if a.process.isRunning { kill(a.process.processIdentifier, SIGKILL) } }
    let pid = a.process.processIdentifier
    // Nothing held before A made the graph's tables.
    let held = { () -> [CrawlClaim] in
      (try? Database(path: shared, mode: .readOnly).crawlClaims()) ?? []
    }
    let stopped = try Self.waitFor(60) {
      guard !held().isEmpty else { return false }
      kill(pid, SIGSTOP)
      Thread.sleep(forTimeInterval: 0.05)
      if !held().isEmpty, try !Self.someoneWrites(shared, engine: engine) { return true }
      kill(pid, SIGCONT)
      return false
    }
    try #require(stopped, "worker A never held a page")
    let hung = held()
    let hungWorker = try #require(hung.first?.worker)
    #expect(hung.allSatisfy { $0.worker == hungWorker })

    // Worker B crawls what it can, then waits for A's pages: A still runs.
    let b = try Self.start(
      crawl + ["--db", shared, "--work", folder.path + "/screens-b", "--json"], named: "b",
      in: folder)
    defer { if b.process.isRunning { kill(b.process.processIdentifier, SIGKILL) } }
    let waiting = try Self.waitFor(120) {
      let open = try Database(path: shared, mode: .readOnly).crawlPagesToExpand(
        app: "notes", maxDepth: 10)
      return !open.isEmpty && open.allSatisfy { $0.claimedBy == hungWorker }
    }
    #expect(waiting)
    Thread.sleep(forTimeInterval: 1)
    #expect(b.process.isRunning, "B ended while A held pages")

    // The listing names A as running, with its pages and last progress.
    let listing = try ProcessResult.run("m3m", ["crawl", "--claims", "--db", shared, "--json"])
    #expect(listing.status == 0, "\(listing.stderr)")
    let workers =
      try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]] ?? []
    #expect(workers.count == 1)
    #expect(workers.first?["worker"] as? String == hungWorker)
    #expect(workers.first?["running"] as? Bool == true)
    #expect((workers.first?["pages"] as? [String])?.count == hung.count)
    #expect(workers.first?["lastProgress"] as? Int != nil)

    // Freed: B takes A's pages over and finishes the crawl as one crawl.
    let released = try ProcessResult.run(
      "m3m", ["crawl", "--release-claims", hungWorker, "--db", shared])
    #expect(released.status == 0, "\(released.stderr)")
    #expect(released.stdout.contains("released \(hung.count) page"), "\(released.stdout)")
    #expect(released.stderr.contains("still running"), "\(released.stderr)")
    #expect(try Self.waitFor(120) { !b.process.isRunning })
    b.process.waitUntilExit()
    let bErrors = try String(contentsOf: b.stderr, encoding: .utf8)
    #expect(b.process.terminationStatus == 0, "\(bErrors)")
    let expected = try Self.content(one)
    #expect(try Self.content(shared) == expected)
    let oneVisits = try Self.stats(one)["visits"]
    #expect(try Self.stats(shared)["visits"] == oneVisits)

    // A wakes: its write for the page it held fails the claim check and is rolled back; it
    // finds nothing left and ends. The graph is unchanged.
    kill(pid, SIGCONT)
    #expect(try Self.waitFor(120) { !a.process.isRunning })
    a.process.waitUntilExit()
    let aErrors = try String(contentsOf: a.stderr, encoding: .utf8)
    #expect(a.process.terminationStatus == 0, "\(aErrors)")
    #expect(aErrors.contains("is no longer claimed by this worker"), "\(aErrors)")
    let summary =
      try JSONSerialization.jsonObject(with: Data(contentsOf: a.stdout)) as? [String: Any]
    #expect((summary?["discardedRounds"] as? Int ?? 0) >= 1, "\(String(describing: summary))")
    // What each reports counts only what it kept: the discarded round's edge is not A's.
    let bSummary =
      try JSONSerialization.jsonObject(with: Data(contentsOf: b.stdout)) as? [String: Any]
    let reported = { (key: String) in
      (summary?[key] as? Int ?? -1) + (bSummary?[key] as? Int ?? -1)
    }
    let sharedStats = try Self.stats(shared)
    #expect(reported("newEdges") == sharedStats["uniqueEdges"])
    #expect(reported("newPages") == sharedStats["uniquePages"])
    #expect(try Self.content(shared) == expected)
    #expect(try Self.stats(shared)["visits"] == oneVisits)
    let db = try Database(path: shared, mode: .readOnly)
    #expect(try db.crawlClaims().isEmpty)
    #expect(try db.crawlPagesToExpand(app: "notes", maxDepth: 10).isEmpty)
    let none = try ProcessResult.run(
      "m3m", ["crawl", "--release-claims", hungWorker, "--db", shared])
    #expect(none.status == 1 && none.stderr.contains("holds no frontier page"), "\(none.stderr)")
  }

  /// Whether a process other than this test holds the graph's write lock: SQLite's, or on
  /// PostgreSQL the advisory lock writers take for each write transaction.
  static func someoneHoldsTheWriteLock(_ location: String, engine: String) throws -> Bool {
    guard engine == "postgresql" else { return try someoneWrites(location, engine: engine) }
    let db = try Database(path: location, mode: .readOnly)
    // The write lock is one bigint key, 0x6D336D57 (a worker's claimant lock has two keys).
    let held = try db.scalar(
      """
      SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
        AND classid = 0 AND objid = \(0x6D33_6D57) AND objsubid = 1
      """)
    return (held ?? 0) > 0
  }

  @Test(
    "a worker stopped inside a write transaction: the server ends its session, or SQLite's wait ends",
    arguments: ["postgresql", "sqlite"])
  func workerStoppedInsideATransaction(engine: String) throws {
    let folder = try Fixtures.temporaryDirectory("stalled-\(engine)")
    guard let shared = try Self.freshGraph(engine, in: folder) else { return }
    let crawl = ["crawl", "--device", "sim:graphs/notes.json"]
    let one = folder.appendingPathComponent("one.sqlite").path
    #expect(try ProcessResult.run("m3m", crawl + ["--db", one]).status == 0)
    if engine == "postgresql" {
      // m3m's sessions get a bound of their own unless the server or the connection sets one.
      let setting = try Database(path: shared).rows(
        "SELECT current_setting('idle_in_transaction_session_timeout') AS t")
      #expect(setting.first?["t"].string == "\(Database.stalledTransactionTimeout)s")
    }

    // Worker A, stopped (SIGSTOP) while it holds the write lock inside a transaction; on
    // PostgreSQL its connections ask the server to end them after 2 s idle in a transaction.
    let a = try Self.start(
      crawl + ["--db", shared, "--work", folder.path + "/screens-a"], named: "a", in: folder,
      environment: ["PGOPTIONS": "-c idle_in_transaction_session_timeout=2s"])
    defer { if a.process.isRunning { kill(a.process.processIdentifier, SIGKILL) } }
    let pid = a.process.processIdentifier
    let started = try Self.waitFor(60) {
      (try? Database(path: shared, mode: .readOnly).crawlClaims().isEmpty == false) ?? false
    }
    try #require(started, "worker A never held a page")
    let stopped = try Self.waitFor(60) {
      kill(pid, SIGSTOP)
      Thread.sleep(forTimeInterval: 0.05)
      if try Self.someoneHoldsTheWriteLock(shared, engine: engine) { return true }
      kill(pid, SIGCONT)
      Thread.sleep(forTimeInterval: 0.003)
      return false
    }
    try #require(stopped, "worker A was never stopped inside a write transaction")

    // Worker B, beside it.
    let b = try Self.start(
      crawl + ["--db", shared, "--work", folder.path + "/screens-b", "--busy-timeout", "5"],
      named: "b", in: folder)
    defer { if b.process.isRunning { kill(b.process.processIdentifier, SIGKILL) } }
    #expect(try Self.waitFor(120) { !b.process.isRunning }, "worker B hangs")
    b.process.waitUntilExit()
    let bErrors = try String(contentsOf: b.stderr, encoding: .utf8)
    let expected = try Self.content(one)
    if engine == "postgresql" {
      // The server ended A's session 2 s after it stopped: its round rolled back, its write
      // lock and pages free. B crawled the rest, and the graph is the one crawl's.
      #expect(b.process.terminationStatus == 0, "\(bErrors)")
      #expect(try Self.content(shared) == expected)
      #expect(try Self.stats(shared)["visits"] == Self.stats(one)["visits"])
      // A wakes to a closed connection, says why, and fails; the graph is unchanged.
      kill(pid, SIGCONT)
      #expect(try Self.waitFor(60) { !a.process.isRunning })
      a.process.waitUntilExit()
      let aErrors = try String(contentsOf: a.stderr, encoding: .utf8)
      #expect(a.process.terminationStatus == 1, "\(aErrors)")
      #expect(aErrors.contains("ended this connection while it was inside a transaction"))
      #expect(aErrors.contains("idle_in_transaction_session_timeout"), "\(aErrors)")
    } else {
      // B waits its busy timeout for the file's write lock, then gives up, naming the file.
      #expect(b.process.terminationStatus == 1)
      #expect(
        bErrors.contains("\(shared): another process holds the graph's write lock"),
        "\(bErrors)")
      #expect(bErrors.contains("gave up after 5 s"), "\(bErrors)")
      // A, woken, crawls on to the end: the graph is the one crawl's.
      kill(pid, SIGCONT)
      #expect(try Self.waitFor(120) { !a.process.isRunning })
      a.process.waitUntilExit()
      let aErrors = try String(contentsOf: a.stderr, encoding: .utf8)
      #expect(a.process.terminationStatus == 0, "\(aErrors)")
    }
    #expect(try Self.content(shared) == expected)
    let db = try Database(path: shared, mode: .readOnly)
    #expect(try db.crawlClaims().isEmpty)
    #expect(try db.crawlPagesToExpand(app: "notes", maxDepth: 10).isEmpty)
  }

  @Test("a PostgreSQL --db needs --work: a server has no folder for the screens")
  func postgresNeedsWork() throws {
    let run = try ProcessResult.run(
      "m3m", ["crawl", "--device", "sim:graphs/notes.json", "--db", "postgresql://m3m@/none"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("a PostgreSQL --db needs --work DIR"), "\(run.stderr)")
  }
}
