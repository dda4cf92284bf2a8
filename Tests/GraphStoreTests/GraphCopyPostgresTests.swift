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
    let copy = try GraphRows.interruptedCopy(from: source, to: url)
    let original = try GraphRows.byTable(source)
    #expect(copy.stopped == [true, true, true])
    #expect(copy.partial["page"] == original["page"] && copy.partial["edge"]?.isEmpty == true)
    #expect(copy.summary.resumed && copy.summary.written < copy.summary.rows)
    #expect(try GraphRows.byTable(url) == original)
    #expect(try Self.keptTextSizeIsRight(url))
  }
}
