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
    try db.finishCrawlPage(root)
    try db.holdCrawlPage(try #require(open.last?.id))
    #expect(try db.crawlPagesToExpand(app: "notes", maxDepth: 10).isEmpty)
  }
}
