import Foundation
import TestSupport
import Testing

@testable import GraphStore

/// PostgreSQL's text search answers as SQLite's FTS5 does: the same case folding, and BM25's
/// average length kept as elements are written rather than read from the whole table.
@Suite("PostgreSQL text search: FTS5's folding, a kept text size")
struct PostgresTextSearchTests {
  @Test("TextFolding folds every code point below U+20000 as SQLite's FTS5 trigram index does")
  func foldingIsFTS5s() throws {
    let db = try Database(path: ":memory:")
    try db.execute(
      """
      CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'trigram');
      CREATE VIRTUAL TABLE terms USING fts5vocab(t, 'instance');
      """)
    let insert = try db.prepare("INSERT INTO t(rowid, x) VALUES (?, ?)")
    try db.inTransaction {
      for code in UInt32(0x21)..<0x20000 {
        guard let scalar = Unicode.Scalar(code) else { continue }
        let text = String(repeating: String(Character(scalar)), count: 3)
        try insert.bindAndRun([.integer(Int64(code)), .text(text)])
      }
    }
    var differences: [String] = []
    var folded = 0
    for row in try db.rows("SELECT term, doc FROM terms") {
      guard let term = row["term"].string, let code = row["doc"].int64,
        let scalar = Unicode.Scalar(UInt32(code))
      else { continue }
      let ours = TextFolding.fold(String(repeating: String(Character(scalar)), count: 3))
      if ours != term { differences.append(String(format: "U+%04X", code)) }
      if term.unicodeScalars.first != scalar { folded += 1 }
    }
    #expect(differences.isEmpty, "\(differences.prefix(20))")
    #expect(folded > 1000, "FTS5 folded only \(folded) code points")
    #expect(
      TextFolding.fold("ÉCRAN Straße ПРИВЕТ ΚΑΛΗΜΕΡΑ Ｘ 设置") == "écran straße привет καλημερα ｘ 设置")
  }

  @Test("the indexed elements and their trigrams are counted on each insert, as a scan counts them")
  func textSizeIsKept() throws {
    guard let url = try TemporaryPostgresCluster.freshDatabase("textsize") else { return }
    let db = try Database(path: url)
    let writer = try GraphWriter(database: db)
    func kept() throws -> [DatabaseValue]? {
      try db.fetchOne("SELECT elements, trigrams FROM element_text_size")
    }
    #expect(try kept() == [.integer(0), .integer(0)])
    let texts: [(String, String, String)] = [
      ("", "", ""), ("OK", "", ""), ("Settings", "设置中心", "com.example:id/settings"),
      ("", "返回上一页", ""), ("ÉCRAN", "", "x"),
    ]
    try writer.inTransaction {
      let app = try writer.app(named: "demo")
      let page = try writer.insertPage(
        PageRow(app: app, name: "home", lineSetHash: 0, lineHashes: [], html: ""))
      try writer.insertElements(
        texts.enumerated().map { index, text in
          ElementRow(
            page: page, nodeIndex: Int64(index), className: "android.widget.TextView",
            text: text.0, contentDescription: text.1, resourceID: text.2, box: nil,
            clickable: false)
        })
      try writer.insertElement(
        ElementRow(
          page: page, nodeIndex: 9, className: "android.widget.Button", text: "Next page",
          box: nil, clickable: true))
    }
    func trigrams(_ text: String) -> Int64 { Int64(max(text.unicodeScalars.count - 2, 0)) }
    let all = texts + [("Next page", "", "")]
    let indexed = all.filter { !$0.0.isEmpty || !$0.1.isEmpty || !$0.2.isEmpty }
    let total = all.reduce(0) { $0 + trigrams($1.0) + trigrams($1.1) + trigrams($1.2) }
    #expect(try kept() == [.integer(Int64(indexed.count)), .integer(total)])
    let scanned = try db.fetchOne(
      """
      SELECT count(*), sum(\(Database.trigramCount("text")) + \(Database.trigramCount("content_desc"))
        + \(Database.trigramCount("resource_id")))
      FROM element WHERE text <> '' OR content_desc <> '' OR resource_id <> ''
      """)
    #expect(try kept() == scanned)
    // Found with FTS5's folding (not only A-Z), on the trigram index.
    #expect(try db.search("écran").map(\.element.text) == ["ÉCRAN"])
    #expect(try db.search("SETTINGS").map(\.element.text) == ["Settings"])
  }
}
