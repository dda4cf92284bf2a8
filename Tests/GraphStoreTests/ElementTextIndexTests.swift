import Foundation
import GraphStore
import TestSupport
import Testing

/// The element text index is filled by the writers, each transaction's new elements in one
/// statement at its commit (schema version 11; a trigger did it row by row before): complete at
/// every commit, whoever wrote the elements, and a version-10 graph's index kept as it is.
@Suite("Element text index: new elements indexed at each commit")
struct ElementTextIndexTests {
  func path() throws -> String {
    try Fixtures.temporaryDirectory("element-text").appendingPathComponent("g.sqlite").path
  }

  /// An element row of `page` with `text`, and an empty one now and then (not indexed).
  static func element(page: Int64, index: Int, text: String) -> ElementRow {
    ElementRow(
      page: page, nodeIndex: Int64(index), className: "android.widget.TextView",
      text: index % 4 == 3 ? "" : text, resourceID: index % 2 == 0 ? "com.mail:id/row" : "",
      box: nil, clickable: false)
  }

  /// Writes a page named `name` with `count` elements in a transaction of its own.
  static func writePage(_ writer: GraphWriter, _ name: String, count: Int) throws {
    try writer.inTransaction {
      let app = try writer.app(named: "mail")
      let page = try writer.insertPage(
        PageRow(app: app, name: name, lineSetHash: 1, lineHashes: [], html: ""))
      try writer.insertElements(
        (0..<count).map { element(page: page, index: $0, text: "\(name) row \($0) 邮件") })
    }
  }

  @Test("a version-10 graph with elements migrates: its index is kept and still finds them")
  func migratesVersion10() throws {
    let file = try path()
    let db = try Database(path: file)
    var version10 = Migrator()
    for migration in GraphSchema.migrator.migrations.prefix(10) {
      version10.register(migration.name, migration.body)
    }
    try version10.migrate(db)
    // Written as version 10 wrote them: the trigger indexes each row.
    try db.execute(
      """
      INSERT INTO app(id, name) VALUES (1, 'mail');
      INSERT INTO page(id, app_id, name, line_set_hash, line_hashes, html)
        VALUES (1, 1, 'inbox', 1, x'', '');
      INSERT INTO element(page_id, node_index, class, text, content_desc, resource_id,
                          clickable, scrollable, editable)
        VALUES (1, 0, 'android.widget.TextView', 'Compose message', '', 'com.mail:id/compose',
                1, 0, 0),
               (1, 1, 'android.widget.TextView', '', '', '', 0, 0, 0),
               (1, 2, 'android.widget.ImageView', '', '收件箱', '', 1, 0, 0);
      """)
    let trigger = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
    #expect(try db.scalar(trigger) == 1)
    #expect(try GraphSchema.prepare(db) == [GraphSchema.migrator.migrations[10].name])
    #expect(try db.userVersion == 11 && db.scalar(trigger) == 0)
    #expect(try db.search("compose").map(\.element.text) == ["Compose message"])
    #expect(try db.search("收件箱").map(\.page) == [1])
    // Elements written after the upgrade are indexed beside the old ones.
    let writer = try GraphWriter(database: db)
    try Self.writePage(writer, "sent", count: 6)
    #expect(try db.search("sent row 4").count == 1)
    #expect(try db.search("com.mail").count == 1 + 3)
    #expect(try ElementTextCheck.differences(in: db).isEmpty)
  }

  @Test("the index is complete at every commit: two writers, a rollback, a write outside one")
  func completeAtEveryCommit() throws {
    let file = try path()
    let first = try GraphWriter(database: Database(path: file))
    let second = try GraphWriter(database: Database(path: file))
    let reader = try Database(path: file)
    for round in 0..<3 {
      try Self.writePage(first, "first\(round)", count: 5 + round)
      #expect(try ElementTextCheck.differences(in: reader).isEmpty, "round \(round)")
      try Self.writePage(second, "second\(round)", count: 130)
      #expect(try ElementTextCheck.differences(in: reader).isEmpty, "round \(round)")
    }
    // Elements rolled back are not indexed; the next transaction's are.
    struct Stop: Error {}
    #expect(throws: Stop.self) {
      try first.inTransaction {
        let page = try first.insertPage(
          PageRow(app: 1, name: "gone", lineSetHash: 1, lineHashes: [], html: ""))
        try first.insertElements([Self.element(page: page, index: 0, text: "rolled back")])
        throw Stop()
      }
    }
    try Self.writePage(first, "kept", count: 3)
    // One element written with no transaction open commits with its index entry.
    try first.insertElement(Self.element(page: 1, index: 98, text: "written alone"))
    #expect(try reader.search("rolled back").isEmpty)
    #expect(try reader.search("kept row 2").count == 1)
    #expect(try reader.search("written alone").count == 1)
    #expect(try ElementTextCheck.differences(in: reader).isEmpty)
  }

  @Test("a copy into SQLite indexes each batch of elements as it commits")
  func copyIndexesBatches() throws {
    let sourcePath = try path()
    let writer = try GraphWriter(database: Database(path: sourcePath))
    for index in 0..<4 { try Self.writePage(writer, "page\(index)", count: 7) }
    let target = try Database(path: try path())
    var copy = try GraphCopy(from: Database(path: sourcePath, mode: .readOnly), to: target)
    copy.batchRows = 5
    _ = try copy.run()
    #expect(try target.search("page3 row 6").count == 1)
    #expect(try target.search("邮件", limit: 100).count == 4 * 6)
    #expect(try ElementTextCheck.differences(in: target).isEmpty)
  }
}
