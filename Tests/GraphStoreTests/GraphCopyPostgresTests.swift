import Foundation
import TestSupport
import Testing

@testable import GraphStore

/// A graph copied into PostgreSQL (rows sent with `COPY … FROM STDIN`, batch by batch) and
/// back: every value as it was, text and bytes the copy format escapes included; the text
/// size PostgreSQL's search keeps counted as for inserts; an interrupted copy resumed.
@Suite("GraphCopy into PostgreSQL: COPY's escaping, the text size, resuming")
struct GraphCopyPostgresTests {
  /// Text the copy format gives a meaning to (tab, newline, carriage return, backslash, `\N`),
  /// and text it does not (CJK, emoji, control characters, spaces).
  static let awkwardTexts = [
    "tab\there", "line\nbreak\r\nand CRLF", "back\\slash \\N \\t \\\\ end\\", "\\", "\\N",
    "中文 页面\t绑定\n下一行", "emoji 👋🏽 é ＡＢＣ", " lead and trail ", "\\x00ff", "a\u{7F}\u{1}\u{1B}b",
    "\r", "\t\t",
  ]

  /// A generated graph (``GraphCopyTests/graph(pages:)``) with awkward text in elements, pages
  /// and visits, bytes of every kind in pages' line hashes, and fractions in visits' scores.
  static func awkwardGraph(pages: Int = 60) throws -> String {
    let path = try GraphCopyTests.graph(pages: pages)
    let db = try Database(path: path)
    let element = try db.prepare(
      "UPDATE element SET text = ?, content_desc = ?, html_line = ? WHERE id = ?")
    for (index, text) in awkwardTexts.enumerated() {
      let other = awkwardTexts[(index + 5) % awkwardTexts.count]
      try element.bindAndRun([
        .text(text), .text(other), index % 2 == 0 ? .null : .text(text + other),
        .integer(Int64(index + 1)),
      ])
    }
    let page = try db.prepare("UPDATE page SET line_hashes = ?, html = ? WHERE id = ?")
    try page.bindAndRun([.blob([0x5C, 0x09, 0x0A, 0x0D, 0x00, 0xFF, 0x4E, 0x5C]), .text("\\"), 1])
    try page.bindAndRun([.blob(Array(0...255)), .text(awkwardTexts.joined()), 2])
    let visit = try db.prepare("UPDATE visit SET jaccard = ?, pixel_difference = ? WHERE id = ?")
    try visit.bindAndRun([.real(1.0 / 3.0), .real(1e-300), 1])
    try visit.bindAndRun([.real(0.1), .real(1.2345678901234567e300), 2])
    // The text index follows inserts only: rebuilt for the changed elements.
    try db.execute("INSERT INTO element_text(element_text) VALUES ('rebuild')")
    return path
  }

  /// True when the element count and trigram total PostgreSQL's search keeps equal a scan's.
  static func keptTextSizeIsRight(_ url: String) throws -> Bool {
    let db = try Database(path: url, mode: .readOnly)
    let kept = try db.fetchOne("SELECT elements, trigrams FROM element_text_size")
    let scanned = try db.fetchOne(
      """
      SELECT count(*), coalesce(sum(\(Database.trigramCount("text"))
        + \(Database.trigramCount("content_desc")) + \(Database.trigramCount("resource_id"))), 0)
      FROM element WHERE text <> '' OR content_desc <> '' OR resource_id <> ''
      """)
    return kept != nil && kept == scanned
  }

  /// The graph's indexes other than keys and its foreign keys, each with its definition.
  static func secondaryIndexes(_ url: String) throws -> [[DatabaseValue]] {
    try Database(path: url, mode: .readOnly).fetchAll(
      """
      SELECT indexname, indexdef FROM pg_indexes
      WHERE schemaname = current_schema() AND indexdef NOT LIKE 'CREATE UNIQUE%'
      UNION ALL
      SELECT CAST(conrelid::regclass AS text) || '.' || conname, pg_get_constraintdef(oid)
      FROM pg_constraint WHERE contype = 'f'
      ORDER BY 1
      """)
  }

  /// What a copy set aside and has not made again yet (recorded in `crawl_meta`).
  static func recordedAside(_ url: String) throws -> Int64? {
    try Database(path: url, mode: .readOnly).scalar(
      "SELECT count(*) FROM crawl_meta WHERE key LIKE 'copy.deferred:%'")
  }

  /// The secondary indexes and foreign keys of a new PostgreSQL graph.
  static func schemaIndexes() throws -> [[DatabaseValue]]? {
    guard let url = try TemporaryPostgresCluster.freshDatabase("copyindexesschema") else {
      return nil
    }
    try GraphSchema.prepare(try Database(path: url))
    return try secondaryIndexes(url)
  }

  @Test("into an empty graph the rows go without secondary indexes and foreign keys, made after")
  func indexesBuiltAtTheEnd() throws {
    guard let expected = try Self.schemaIndexes(),
      let url = try TemporaryPostgresCluster.freshDatabase("copyindexes")
    else { return }
    #expect(expected.contains { $0.first == .text("element_text_trigram") })
    #expect(expected.contains { $0.first == .text("edge_to") })
    #expect(expected.contains { $0.first == .text("element.element_page_id_fkey") })
    let source = try Self.awkwardGraph(pages: 200)
    var copy = try GraphCopy(
      from: try Database(path: source, mode: .readOnly), to: try Database(path: url))
    copy.batchRows = 100
    var indexesWhileCopying: Set<Int> = []
    var asideWhileCopying: Set<Int64?> = []
    _ = try copy.run { progress in
      guard progress.table == "element" else { return }
      indexesWhileCopying.insert(try Self.secondaryIndexes(url).count)
      asideWhileCopying.insert(try Self.recordedAside(url))
    }
    #expect(indexesWhileCopying == [0])
    #expect(asideWhileCopying == [Int64(expected.count)])
    #expect(try Self.secondaryIndexes(url) == expected)
    #expect(try Self.recordedAside(url) == 0)
    #expect(try GraphRows.byTable(url) == GraphRows.byTable(source))
    #expect(try !Database(path: url, mode: .readOnly).search("前往页面", limit: 5).isEmpty)
  }

  @Test("every value reaches PostgreSQL and comes back unchanged; search answers as on SQLite")
  func awkwardValuesRoundTrip() throws {
    guard let url = try TemporaryPostgresCluster.freshDatabase("copytext") else { return }
    let source = try Self.awkwardGraph()
    let summary = try GraphCopy(
      from: try Database(path: source, mode: .readOnly), to: try Database(path: url)
    ).run()
    let original = try GraphRows.byTable(source)
    #expect(summary.written == summary.rows && !summary.resumed)
    #expect(try GraphRows.byTable(url) == original)
    let back = try GraphCopyTests.target()
    _ = try GraphCopy(
      from: try Database(path: url, mode: .readOnly), to: try Database(path: back)
    ).run()
    #expect(try GraphRows.byTable(back) == original)
    #expect(try Self.keptTextSizeIsRight(url))
    for text in ["前往页面", "绑定", "back\\slash", "lead and", "\\x00"] {
      let onSQLite = try Database(path: source, mode: .readOnly).search(text, limit: 50)
      let onPostgres = try Database(path: url, mode: .readOnly).search(text, limit: 50)
      #expect(!onSQLite.isEmpty, "\(text)")
      #expect(onPostgres == onSQLite, "\(text)")
    }
  }

  @Test("a copy into PostgreSQL stopped mid-table and run again ends with the source's rows")
  func interruptedCopyResumes() throws {
    guard let url = try TemporaryPostgresCluster.freshDatabase("copyresume") else { return }
    let source = try Self.awkwardGraph(pages: 400)
    // Stopped, the copy has its secondary indexes and foreign keys set aside and recorded;
    // the next run makes them again.
    let expected = try Self.schemaIndexes() ?? []
    var whileStopped: (indexes: [[DatabaseValue]], recorded: Int64?) = ([], nil)
    let copy = try GraphRows.interruptedCopy(from: source, to: url) {
      whileStopped = (try Self.secondaryIndexes(url), try Self.recordedAside(url))
    }
    #expect(whileStopped.indexes.isEmpty && whileStopped.recorded == Int64(expected.count))
    let original = try GraphRows.byTable(source)
    #expect(copy.stopped == [true, true, true])
    #expect(copy.partial["page"] == original["page"] && copy.partial["edge"]?.isEmpty == true)
    #expect(copy.summary.resumed && copy.summary.written < copy.summary.rows)
    #expect(try GraphRows.byTable(url) == original)
    #expect(try Self.secondaryIndexes(url) == expected && Self.recordedAside(url) == 0)
    #expect(try Self.keptTextSizeIsRight(url))
  }
}
