import Foundation
import GraphStore
import TestSupport
import Testing

/// The crawler's tables are a schema migration: new graphs have them, graphs crawled before
/// keep their frontier and crawl id, and the frontier is read and written through GraphStore.
@Suite("Crawl tables: a migration, and the frontier through GraphStore")
struct CrawlTablesTests {
  func path() throws -> String {
    try Fixtures.temporaryDirectory("crawl-tables").appendingPathComponent("g.sqlite").path
  }

  @Test("a graph crawled before the migration keeps its crawl id; old action ids become numbers")
  func upgradesOldCrawls() throws {
    let db = try Database(path: try path())
    var version4 = Migrator()
    for migration in GraphSchema.migrator.migrations.prefix(4) {
      version4.register(migration.name, migration.body)
    }
    try version4.migrate(db)
    // As the crawler made its tables itself, before action numbers were per app.
    try db.execute(
      """
      CREATE TABLE crawl_page(
        id INTEGER PRIMARY KEY, app TEXT NOT NULL, name TEXT NOT NULL, path TEXT NOT NULL,
        page_id INTEGER NOT NULL, depth INTEGER NOT NULL, record TEXT NOT NULL,
        done INTEGER NOT NULL DEFAULT 0, hold INTEGER NOT NULL DEFAULT 0, UNIQUE(app, name));
      CREATE TABLE crawl_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO crawl_meta VALUES ('id', '0123456789abcdef');
      CREATE TABLE crawl_action(id INTEGER PRIMARY KEY, app TEXT NOT NULL, action TEXT NOT NULL,
        UNIQUE(app, action));
      INSERT INTO crawl_action(id, app, action) VALUES (1, 'notes', 'back'), (2, 'notes', 'home');
      """)
    #expect(try GraphSchema.prepare(db).count == GraphSchema.migrator.latestVersion - 4)
    #expect(try db.crawlID() == "0123456789abcdef")
    #expect(try db.crawlActionNumbers(app: "notes").map(\.number) == [1, 2])
    #expect(try db.crawlActionNumbers(app: "notes").map(\.action) == ["back", "home"])
  }

  @Test("a new graph draws its crawl id once; the frontier round-trips")
  func frontier() throws {
    let file = try path()
    let db = try Database(path: file)
    try GraphSchema.prepare(db)
    let id = try db.crawlID()
    #expect(id.count == 16 && id.allSatisfy(\.isHexDigit))
    try GraphSchema.prepare(try Database(path: file))
    #expect(try db.crawlID() == id)
    #expect(try db.hasCrawlActionNumbers())

    try db.addCrawlActionNumbers(app: "notes", ["a": 2, "b": 1])
    #expect(try db.crawlActionNumbers(app: "notes").map(\.action) == ["b", "a"])
    #expect(throws: DatabaseError.self) { try db.addCrawlActionNumbers(app: "notes", ["a": 3]) }

    for (name, depth) in [("deep", 3), ("root", 1), ("root", 2)] {
      try db.addCrawlPage(
        CrawlPageRow(
          app: "notes", name: name, path: "[]", page: 1, depth: Int64(depth), record: name))
    }
    #expect(try db.crawlPageCount(app: "notes") == 2)
    let open = try db.crawlPagesToExpand(app: "notes", maxDepth: 10)
    #expect(open.map(\.name) == ["root", "deep"])
    #expect(try db.crawlPagesToExpand(app: "notes", maxDepth: 2).map(\.name) == ["root"])
    let root = try #require(open.first?.id)
    try db.markCrawlActionTried(page: root, action: "a")
    try db.markCrawlActionTried(page: root, action: "a")
    #expect(try db.crawlTriedActions(page: root) == ["a"])
    #expect(try db.claimCrawlPage(root, by: "w", replacing: nil))
    try db.finishCrawlPage(root, by: "w")
    let deep = try #require(open.last?.id)
    #expect(try db.claimCrawlPage(deep, by: "w", replacing: nil))
    try db.holdCrawlPage(deep, by: "w")
    #expect(try db.crawlPagesToExpand(app: "notes", maxDepth: 10).isEmpty)
  }

  @Test("shared crawls: one claim per page, a page done when all its actions are tried, numbers")
  func sharedFrontier() throws {
    let db = try Database(path: try path())
    try GraphSchema.prepare(db)
    try db.addCrawlPage(
      CrawlPageRow(app: "notes", name: "notes0", path: "[]", page: 1, depth: 1, record: "notes0"))
    let root = try #require(try db.crawlPagesToExpand(app: "notes", maxDepth: 10).first)
    let id = try #require(root.id)
    // Before its expansion a page's action space is unknown.
    #expect(root.untriedActions == nil && root.claimedBy == nil)

    // One worker at a time; another takes the page only from a worker found gone.
    #expect(try db.claimCrawlPage(id, by: "a", replacing: nil))
    #expect(try !db.claimCrawlPage(id, by: "b", replacing: nil))
    #expect(try !db.claimCrawlPage(id, by: "b", replacing: "c"))
    #expect(try db.crawlPagesToExpand(app: "notes", maxDepth: 10).first?.claimedBy == "a")
    #expect(try db.claimCrawlPage(id, by: "b", replacing: "a"))
    try db.releaseCrawlPage(id, by: "a")
    #expect(try db.crawlPagesToExpand(app: "notes", maxDepth: 10).first?.claimedBy == "b")
    try db.releaseCrawlClaims(by: "b")
    #expect(try db.crawlPagesToExpand(app: "notes", maxDepth: 10).first?.claimedBy == nil)

    // Finished by a worker whose subtree holds one of its two actions, the page stays open
    // for the other action's worker; done once both were tried.
    #expect(try db.claimCrawlPage(id, by: "a", replacing: nil))
    try db.setCrawlActionSpace(page: id, actions: ["tap x", "tap y"], by: "a")
    try db.markCrawlActionTried(page: id, action: "tap x")
    #expect(try db.crawlUntriedActions(page: id) == ["tap y"])
    try db.finishCrawlPage(id, by: "a")
    let open = try #require(try db.crawlPagesToExpand(app: "notes", maxDepth: 10).first)
    #expect(open.untriedActions == 1 && open.claimedBy == nil)
    try db.markCrawlActionTried(page: id, action: "tap y")
    try db.finishUnclaimedCrawlPage(id)
    #expect(try db.crawlPagesToExpand(app: "notes", maxDepth: 10).isEmpty)
    #expect(try !db.claimCrawlPage(id, by: "a", replacing: nil))

    // Numbers go on after the largest one; one number names one action.
    try db.addCrawlActionNumbers(app: "notes", ["back": 3])
    let numbers = try db.numberCrawlActions(app: "notes", ["tap y", "back", "tap x"])
    #expect(numbers == ["back": 3, "tap y": 4, "tap x": 5])
    #expect(throws: DatabaseError.self) { try db.addCrawlActionNumbers(app: "notes", ["z": 4]) }
    #expect(try db.numberCrawlActions(app: "mail", ["back"]) == ["back": 1])
  }

  @Test("claims listed with their last progress; a released worker's writes on the page fail")
  func releasedClaims() throws {
    let db = try Database(path: try path())
    try GraphSchema.prepare(db)
    for name in ["notes0", "notes0_1", "notes0_2"] {
      try db.addCrawlPage(
        CrawlPageRow(app: "notes", name: name, path: "[]", page: 1, depth: 1, record: name))
    }
    let ids = try db.crawlPagesToExpand(app: "notes", maxDepth: 10).compactMap(\.id)
    let before = Int64(Date().timeIntervalSince1970) - 1
    #expect(try db.claimCrawlPage(ids[0], by: "hung", replacing: nil))
    #expect(try db.claimCrawlPage(ids[1], by: "hung", replacing: nil))
    #expect(try db.claimCrawlPage(ids[2], by: "busy", replacing: nil))
    let claims = try db.crawlClaims()
    #expect(claims.map(\.worker) == ["busy", "hung", "hung"])
    #expect(claims.map(\.page) == ["notes0_2", "notes0", "notes0_1"])
    #expect(claims.allSatisfy { ($0.lastProgress ?? 0) >= before })

    // Released by an operator: the pages are free, and each write the hung worker still makes
    // for them fails, naming the page and its new holder, and leaves nothing behind.
    #expect(try db.releaseCrawlClaims(by: "hung") == 2)
    #expect(try db.crawlClaims().map(\.worker) == ["busy"])
    #expect(try db.claimCrawlPage(ids[0], by: "busy", replacing: nil))
    let lost = try #require(throws: CrawlClaimLost.self) {
      try db.setCrawlActionSpace(page: ids[0], actions: ["tap x"], by: "hung")
    }
    #expect(lost.page == "notes0" && lost.holder == "busy", "\(lost)")
    #expect(try db.crawlUntriedActions(page: ids[0]).isEmpty)
    #expect(throws: CrawlClaimLost.self) { try db.finishCrawlPage(ids[0], by: "hung") }
    #expect(throws: CrawlClaimLost.self) { try db.holdCrawlPage(ids[1], by: "hung") }
    #expect(throws: CrawlClaimLost.self) { try db.renewCrawlClaim(ids[1], by: "hung") }
    let open = try db.crawlPagesToExpand(app: "notes", maxDepth: 10)
    #expect(open.count == 3 && open.map(\.claimedBy) == ["busy", nil, "busy"])
    // The holder's own writes go on.
    try db.renewCrawlClaim(ids[0], by: "busy")
    try db.finishCrawlPage(ids[0], by: "busy")
    #expect(try db.releaseCrawlClaims(by: "hung") == 0)
  }

  @Test("a worker in an SQLite file is its process: alive while it runs, then its pages are free")
  func sqliteClaimants() throws {
    let db = try Database(path: try path())
    try GraphSchema.prepare(db)
    let me = try CrawlClaimant.register(on: db)
    #expect(try CrawlClaimant.isAlive(me.id, on: db))
    let parts = me.id.split(separator: ":", maxSplits: 4).map(String.init)
    try #require(parts.count == 5 && parts[0] == "process")
    #expect(parts[1] == String(getpid()))
    // The same pid started at another time (a reused pid), or a process that ended: gone.
    let restarted = [parts[0], parts[1], "1", parts[3], parts[4]].joined(separator: ":")
    #expect(try !CrawlClaimant.isAlive(restarted, on: db))
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/bin/true")
    try child.run()
    child.waitUntilExit()
    let ended = [parts[0], String(child.processIdentifier), parts[2], parts[3], parts[4]]
    #expect(try !CrawlClaimant.isAlive(ended.joined(separator: ":"), on: db))
    // Another machine's process cannot be looked at: its claims stand.
    let elsewhere = [parts[0], parts[1], parts[2], parts[3], "another-host"]
    #expect(try CrawlClaimant.isAlive(elsewhere.joined(separator: ":"), on: db))
    // A claim copied from a PostgreSQL graph, or no claimant's at all: no one's.
    #expect(try !CrawlClaimant.isAlive("postgresql:7", on: db))
    #expect(try !CrawlClaimant.isAlive("?", on: db))
  }

  @Test("a worker on PostgreSQL is its connection: its claims are free once it closes")
  func postgresClaimants() throws {
    guard let url = try TemporaryPostgresCluster.freshDatabase("claims") else { return }
    let observer = try Database(path: url)
    try GraphSchema.prepare(observer)
    var worker: Database? = try Database(path: url)
    let claimant = try CrawlClaimant.register(on: try #require(worker))
    let other = try CrawlClaimant.register(on: observer)
    #expect(claimant.id.hasPrefix("postgresql:") && claimant.id != other.id)
    #expect(try CrawlClaimant.isAlive(claimant.id, on: observer))
    #expect(try CrawlClaimant.isAlive(other.id, on: observer))
    worker = nil
    // The server ends the closed connection's session (and frees its lock) a moment later.
    let deadline = Date().addingTimeInterval(10)
    while try CrawlClaimant.isAlive(claimant.id, on: observer), Date() < deadline {
      Thread.sleep(forTimeInterval: 0.02)
    }
    #expect(try !CrawlClaimant.isAlive(claimant.id, on: observer))
    #expect(try CrawlClaimant.isAlive(other.id, on: observer))
    #expect(try !CrawlClaimant.isAlive("process:1:1:boot:host", on: observer))
  }
}
