import Foundation
import GraphStore
import TestSupport
import Testing

/// The one writer of the graph's tables: rows written as given and read back by column name,
/// find-or-create for sources, apps and actions, counted edges, rejects recorded once, and a
/// writer that notices another connection's commits.
@Suite("GraphWriter: typed rows into the graph")
struct GraphWriterTests {
  func path() throws -> String {
    try Fixtures.temporaryDirectory("graph-writer").appendingPathComponent("g.sqlite").path
  }

  @Test(
    "a page's elements written many to a statement are the rows one at a time writes, text index included",
    arguments: [1, 5, 128, 301])
  func elementsInChunks(count: Int) throws {
    func row(page: Int64, index: Int) -> ElementRow {
      let text: String = index % 3 == 2 ? "" : "Message \(index)"
      let resourceID: String = index % 2 == 0 ? "com.mail:id/row" : ""
      let box: ElementRow.Box? =
        index % 4 == 0 ? nil : ElementRow.Box(left: 0, top: 0, right: 9, bottom: 9)
      let line: String? = index % 5 == 0 ? nil : "<p> \(index) </p>"
      return ElementRow(
        page: page, nodeIndex: Int64(index), className: "android.widget.TextView", text: text,
        resourceID: resourceID, box: box, clickable: index % 2 == 1, htmlLine: line)
    }
    func write(_ body: (GraphWriter, [ElementRow]) throws -> Void) throws -> GraphContent {
      let path = try path()
      let writer = try GraphWriter(database: Database(path: path))
      try writer.inTransaction {
        let app = try writer.app(named: "mail")
        let page = try writer.insertPage(
          PageRow(app: app, name: "inbox", lineSetHash: 1, lineHashes: [], html: ""))
        try body(writer, (0..<count).map { row(page: page, index: $0) })
      }
      #expect(try writer.database.pages(sharingTexts: ["Message \(count - 1)"], limit: 5) == [1])
      return try GraphContent(path)
    }
    let oneByOne = try write { writer, rows in
      for row in rows { try writer.insertElement(row) }
    }
    let chunked = try write { writer, rows in try writer.insertElements(rows) }
    #expect(oneByOne["element"].count == count)
    #expect(chunked["element"] == oneByOne["element"])
  }

  @Test("a step's rows are written as given and read back by column name")
  func rowsRoundTrip() throws {
    let db = try Database(path: try path())
    let writer = try GraphWriter(database: db)
    let (source, page, child, element) = try writer.inTransaction {
      let source = try writer.source(
        SourceRow(path: "/trace", format: "episode", fingerprint: "episode:/trace"))
      #expect(
        try writer.source(SourceRow(path: "/x", format: "y", fingerprint: "episode:/trace"))
          == source)
      let app = try writer.app(named: "mail")
      #expect(try writer.app(named: "mail") == app)
      let page = try writer.insertPage(
        PageRow(
          app: app, name: "inbox", lineSetHash: -7, lineHashes: [1, 2, 3], html: "<p> Inbox </p>",
          xmlPath: "/trace/1.xml", screenshotPath: "/trace/1.png", screenshotDigest: 42))
      let child = try writer.insertPage(
        PageRow(app: app, name: "mail", lineSetHash: 9, lineHashes: [], html: "<p> Mail </p>"))
      let element = try writer.insertElement(
        ElementRow(
          page: page, nodeIndex: 3, className: "android.widget.Button", text: "Open",
          box: ElementRow.Box(left: 0, top: 100, right: 720, bottom: 180), clickable: true,
          htmlLine: "<button> Open </button>"))
      let first = try writer.insertVisit(
        VisitRow(
          source: source, app: app, record: "1", name: "inbox", parentVisit: nil, depth: 1,
          page: page, matchedBy: "new", lineSetHash: -7))
      let second = try writer.insertVisit(
        VisitRow(
          source: source, app: app, record: "2", name: nil, parentVisit: first, depth: 2,
          page: child, matchedBy: "new", lineSetHash: 9))
      let click = ActionRow(
        app: app, type: "click", key: "open", mobile3M: "click(<button> Open </button>)")
      let action = try writer.action(click)
      #expect(try writer.action(click) == action)
      try writer.insertTransition(
        TransitionRow(
          source: source, fromVisit: first, toVisit: second, action: action, element: element,
          x: 10, y: 120, selfLoop: false))
      #expect(
        try writer.addEdge(
          EdgeRow(fromPage: page, action: action, toPage: child, element: element, selfLoop: false))
      )
      #expect(
        try !writer.addEdge(
          EdgeRow(
            fromPage: page, action: action, toPage: child, element: element, count: 2,
            selfLoop: false)))
      try writer.finishSource(source)
      return (source, page, child, element)
    }
    #expect(
      try db.recordedVisit(source: source, record: "2")
        == RecordedVisit(visit: 2, page: child, app: 1, depth: 2))
    #expect(try db.recordedVisit(source: source, record: "3") == nil)
    #expect(try db.pageScreenshot(page)?.digest == 42)
    #expect(try db.pageScreenshot(child) == nil)
    #expect(try db.element(onPage: page, htmlLine: "<button> Open </button>") == element)
    #expect(
      try db.element(onPage: page, box: ElementRow.Box(left: 0, top: 100, right: 720, bottom: 180))
        == element)
    #expect(try db.element(onPage: page, containingX: 5, y: 179) == element)
    #expect(try db.element(onPage: page, containingX: 5, y: 180) == nil)
    let edge = try #require(try db.row("SELECT count, self_loop FROM edge"))
    #expect(edge["count"] == 3 && edge["self_loop"] == 0)
    let steps = try db.recordedSteps(source: source)
    #expect(steps.map(\.record) == ["1", "2"])
    #expect(steps[1].parentRecord == "1" && steps[1].action?.type == "click")
    #expect(steps[1].action?.x == 10 && steps[1].action?.box?.bottom == 180)
    #expect(try db.sources().map(\.status) == [.done])
  }

  @Test("a source that cannot be read is rejected once; a step's reject once per record")
  func rejectsOnce() throws {
    let db = try Database(path: try path())
    let writer = try GraphWriter(database: db)
    try writer.inTransaction {
      let source = try writer.source(SourceRow(path: "p", format: "f", fingerprint: "f:p"))
      for _ in 0..<2 {
        try writer.reject(RejectRow(source: nil, file: "/missing", reason: "no such folder"))
        try writer.reject(RejectRow(source: source, file: "1.xml", record: "1", reason: "bad"))
      }
      try writer.recordProgress(source: source, stepsDone: 5)
    }
    #expect(try db.scalar("SELECT count(*) FROM reject") == 2)
    let source = try #require(try db.row("SELECT steps_done, rejected FROM source"))
    #expect(source["steps_done"] == 5 && source["rejected"] == 1)
  }

  @Test("beginWrite says when another connection committed since this writer last wrote")
  func noticesOtherWriters() throws {
    let file = try path()
    let first = try GraphWriter(database: try Database(path: file))
    let second = try GraphWriter(database: try Database(path: file))
    #expect(try !first.beginWrite())
    try first.commit()
    #expect(try !first.beginWrite())
    try first.commit()
    try second.inTransaction { _ = try second.app(named: "other") }
    #expect(try first.beginWrite())
    first.rollback()
    #expect(try !first.beginWrite())
    first.rollback()
  }

  @Test("a failed transaction leaves nothing behind")
  func rollsBack() throws {
    let db = try Database(path: try path())
    let writer = try GraphWriter(database: db)
    struct Stop: Error {}
    #expect(throws: Stop.self) {
      try writer.inTransaction {
        _ = try writer.app(named: "gone")
        throw Stop()
      }
    }
    #expect(try db.scalar("SELECT count(*) FROM app") == 0)
    #expect(!db.isInTransaction)
  }
}
