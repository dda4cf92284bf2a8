import Foundation
import SyntheticApps
import TestSupport
import Testing

@testable import GraphStore

/// A bulk load (``Database/beginBulkLoad(cacheBytes:)``) sets the non-unique indexes aside and
/// leaves the element text index unfilled, and builds both at the end: the file it leaves is
/// the file the same rows written row by row leave.
@Suite("Bulk load: indexes and the text index built at the end")
struct BulkLoadTests {
  /// A graph written by ``GraphRowWriter`` into a new file, in a bulk load or not; `before`
  /// elements of another app are written before the load starts (the text index holds those
  /// already).
  static func write(bulk: Bool, before: Int = 0) throws -> String {
    let path = try Fixtures.temporaryDirectory("bulk-load").appendingPathComponent("g.sqlite")
      .path
    let db = try Database(path: path)
    try GraphSchema.prepare(db)
    if before > 0 {
      let writer = try GraphRowWriter(database: db)
      let app = try writer.app("early")
      let page = try writer.page(app: app, name: "early")
      for index in 0..<before { try writer.edge(from: page, to: page, label: "early \(index)") }
      try writer.finish()
    }
    let load = bulk ? try db.beginBulkLoad(cacheBytes: 64 << 20) : nil
    let writer = try GraphRowWriter(database: db)
    let app = try writer.app("mail")
    var pages: [Int64] = []
    for index in 0..<40 { pages.append(try writer.page(app: app, name: "p\(index) 页面")) }
    for index in pages.indices {
      try writer.edge(from: pages[index], to: pages[(index * 7 + 3) % 40], label: "go \(index) 前往")
      try writer.edge(from: pages[index], to: pages[index], label: index % 2 == 0 ? "stay" : "")
    }
    try writer.finish()
    try load?.finish()
    return path
  }

  /// Every index and trigger with the statement that made it.
  static func schema(_ path: String) throws -> [[DatabaseValue]] {
    try Database(path: path, mode: .readOnly).fetchAll(
      "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name")
  }

  @Test("the same rows, indexes, trigger and search answers as writing row by row")
  func sameGraph() throws {
    for before in [0, 10] {
      let plain = try Self.write(bulk: false, before: before)
      let bulk = try Self.write(bulk: true, before: before)
      // Each new graph draws its own crawl id and stamps its sources with the time.
      var (bulkRows, plainRows) = (try GraphRows.byTable(bulk), try GraphRows.byTable(plain))
      for table in ["crawl_meta", "source"] {
        #expect(
          bulkRows.removeValue(forKey: table)?.count == plainRows.removeValue(forKey: table)?.count)
      }
      #expect(bulkRows == plainRows && bulkRows["element"]?.count == 80 + before)
      #expect(try Self.schema(bulk) == Self.schema(plain))
      #expect(try Self.schema(bulk).contains { $0[1] == .text("edge_to") })
      let indexed = "SELECT count(*) FROM element_text_docsize"
      #expect(try Database(path: bulk).scalar(indexed) == Database(path: plain).scalar(indexed))
      for text in ["前往", "go 1", "stay", "early 3"] {
        let expected = try Database(path: plain, mode: .readOnly).search(text, limit: 100)
        #expect(!expected.isEmpty || (text == "early 3" && before == 0), "\(text)")
        #expect(try Database(path: bulk, mode: .readOnly).search(text, limit: 100) == expected)
      }
      // Elements added after the load are indexed as they commit again.
      let db = try Database(path: bulk)
      let writer = try GraphRowWriter(database: db)
      let app = try writer.app("late")
      let page = try writer.page(app: app, name: "late")
      try writer.edge(from: page, to: page, label: "afterwards")
      try writer.finish()
      #expect(try db.search("afterwards", limit: 5).count == 1)
    }
  }

  @Test("the page cache is restored at the end")
  func cacheRestored() throws {
    let db = try Database(path: ":memory:")
    try GraphSchema.prepare(db)
    let before = try db.scalar("PRAGMA cache_size")
    let load = try db.beginBulkLoad(cacheBytes: 256 << 20)
    #expect(try db.scalar("PRAGMA cache_size") == -(256 << 10))
    #expect(try !db.tableNames().isEmpty)
    try load.finish()
    #expect(try db.scalar("PRAGMA cache_size") == before)
  }
}
