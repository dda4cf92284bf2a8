import Foundation
import GraphStore
import SyntheticApps
import TestSupport
import Testing

/// A whole graph copied between two databases: every table row for row, resumable after an
/// interruption, refusing a target that holds another graph.
@Suite("GraphCopy: a graph from one database into another")
struct GraphCopyTests {
  /// A graph with rows in every table: `pages` pages in two apps, each with edges, visits and
  /// transitions, plus rejects, a live session and crawl tables.
  static func graph(pages: Int) throws -> String {
    let path = try Fixtures.temporaryDirectory("graph-copy").appendingPathComponent("a.sqlite")
      .path
    let db = try Database(path: path)
    let writer = try GraphRowWriter(database: db)
    var ids: [Int64] = []
    for (number, app) in ["mail", "邮件"].enumerated() {
      let app = try writer.app(app)
      let first = ids.count
      for index in 0..<pages / 2 {
        ids.append(try writer.page(app: app, name: "p\(number)_\(index) 页面"))
      }
      for index in first..<ids.count {
        try writer.edge(
          from: ids[index], to: ids[first + (index * 7 + 3) % (ids.count - first)],
          label: "go \(index) 前往页面", count: index % 3 + 1)
        if index % 5 == 0 { try writer.edge(from: ids[index], to: ids[index], label: "stay") }
      }
      try writer.commit()
    }
    try writer.finish()
    try db.execute(
      """
      INSERT INTO visit_edge(source_id, from_visit, to_visit, action_id, element_id, x, y, self_loop)
        SELECT 1, v1.id, v2.id, e.action_id, e.element_id, 10, NULL, e.self_loop
        FROM edge e JOIN visit v1 ON v1.page_id = e.from_page JOIN visit v2 ON v2.page_id = e.to_page;
      INSERT INTO reject(source_id, file, record, reason) VALUES (1, 'bad.xml', '3', 'not XML'),
        (NULL, '/gone', '', 'missing');
      INSERT INTO source(path, format, fingerprint) VALUES ('live', 'session', 'session:s-a');
      INSERT INTO ingest_session(id, source_id, app) VALUES ('s-b', 1, 'mail'), ('s-a', 2, NULL);
      INSERT INTO ingest_session_step(session_id, step, visit_id, page_id, new_page)
        VALUES ('s-b', '2', 1, 1, 0), ('s-b', '10', NULL, NULL, 0), ('s-a', 'x', 2, 2, 1);
      INSERT INTO crawl_page(app, name, path, page_id, depth, record, done)
        SELECT 'mail', name, '[]', page_id, depth, record, id % 2 FROM visit;
      INSERT INTO crawl_tried(page, action) SELECT id, 'click ' || (id % 4) FROM crawl_page;
      INSERT INTO crawl_tried(page, action) SELECT id, 'back' FROM crawl_page WHERE id % 3 = 0;
      INSERT INTO crawl_space(page, action) SELECT id, 'click ' || (id % 5) FROM crawl_page;
      INSERT INTO crawl_action(app, action, number) VALUES ('mail', 'click A', 1), ('mail', 'b', 2);
      """)
    return path
  }

  /// The elements the text index finds for `text`.
  static func search(_ path: String, _ text: String) throws -> [Int64] {
    let db = try Database(path: path, mode: .readOnly)
    return try db.fetchAll(
      "SELECT rowid FROM element_text WHERE element_text MATCH ? ORDER BY rowid",
      [.text("\"\(text)\"")]
    ).compactMap { $0.first?.int64 }
  }

  static func target() throws -> String {
    try Fixtures.temporaryDirectory("graph-copy-target").appendingPathComponent("b.sqlite").path
  }

  @Test("every table of the schema is copied (the text index is filled as elements commit)")
  func catalogCoversTheSchema() throws {
    let db = try Database(path: try Self.target())
    try GraphSchema.prepare(db)
    let tables = Set(
      try db.fetchAll("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap {
        $0.first?.string
      }.filter { !$0.hasPrefix("element_text") })
    #expect(tables == Set(GraphTable.all.map(\.name)))
  }

  @Test("a copy holds the source's rows in every table, ids and crawl id included")
  func copyEqualsSource() throws {
    let source = try Self.graph(pages: 300)
    let target = try Self.target()
    let copy = try GraphCopy(
      from: try Database(path: source, mode: .readOnly), to: try Database(path: target))
    let summary = try copy.run()
    let original = try GraphRows.byTable(source)
    #expect(try GraphRows.byTable(target) == original)
    #expect(original.values.allSatisfy { !$0.isEmpty })
    #expect(summary.rows == Int64(original.values.map(\.count).reduce(0, +)))
    #expect(summary.written == summary.rows && !summary.resumed)
    #expect(try Self.search(target, "前往页面") == (try Self.search(source, "前往页面")))
    #expect(try Self.search(target, "前往页面").count == 300)
  }

  @Test("a copy stopped mid-table and run again ends with the source's rows")
  func interruptedCopyResumes() throws {
    let source = try Self.graph(pages: 400)
    let target = try Self.target()
    let copy = try GraphRows.interruptedCopy(from: source, to: target)
    let original = try GraphRows.byTable(source)
    #expect(copy.stopped == [true, true, true])
    #expect(copy.partial["page"] == original["page"] && copy.partial["edge"]?.isEmpty == true)
    #expect(copy.summary.resumed && copy.summary.written < copy.summary.rows)
    #expect(try GraphRows.byTable(target) == original)
    #expect(try Self.search(target, "前往页面") == (try Self.search(source, "前往页面")))
  }

  @Test("a target holding another graph is refused before anything is written")
  func refusesAnotherGraph() throws {
    let source = try Self.graph(pages: 20)
    let other = try Self.graph(pages: 10)
    let before = try GraphRows.byTable(other)
    #expect {
      _ = try GraphCopy(
        from: try Database(path: source, mode: .readOnly), to: try Database(path: other))
    } throws: { error in
      guard let error = error as? GraphCopyError,
        case .targetHoldsAnotherGraph(let table, let rows) = error.problem
      else { return false }
      return table == "app" && rows == 2 && error.description.contains(other)
    }
    #expect(try GraphRows.byTable(other) == before)
  }
}
