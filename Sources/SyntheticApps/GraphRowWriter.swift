import GraphStore

/// Writes a page graph straight into the store's tables, without screens: for query tests with
/// known answers and for the query benchmark's million-page graphs.
///
/// Each page gets one visit (named like the page) so names resolve; an app's first page is its
/// launch page. Each edge gets its own element and click action, labelled `label`. Rows are
/// written in one transaction per ``commit()``.
///
/// ```swift
/// let writer = try GraphRowWriter(database: db)
/// let app = try writer.app("demo")
/// let home = try writer.page(app: app, name: "home")
/// let settings = try writer.page(app: app, name: "settings")
/// try writer.edge(from: home, to: settings, label: "Settings", count: 2)
/// try writer.commit()
/// ```
public final class GraphRowWriter {
  private let writer: GraphWriter
  private let source: Int64
  private var launchVisit: [Int64: Int64] = [:]
  private var appOfPage: [Int64: Int64] = [:]
  private var elementsOnPage: [Int64: Int] = [:]

  /// A writer into `database` (migrated to the current schema first).
  public init(database: Database) throws {
    writer = try GraphWriter(database: database)
    try writer.beginWrite()
    source = try writer.source(
      SourceRow(
        path: "synthetic", format: "synthetic",
        fingerprint: "synthetic:\(try writer.sourceCount())", status: .done))
  }

  /// Adds an app; returns its id.
  public func app(_ name: String) throws -> Int64 {
    try writer.app(named: name)
  }

  /// Adds a page (and its one visit); the app's first page is its launch page.
  public func page(app: Int64, name: String) throws -> Int64 {
    let page = try writer.insertPage(
      PageRow(app: app, name: name, lineSetHash: 0, lineHashes: [], html: "<p> \(name) </p>"))
    let visit = try writer.insertVisit(
      VisitRow(
        source: source, app: app, record: name, name: name, parentVisit: launchVisit[app],
        depth: launchVisit[app] == nil ? 1 : 2, page: page, matchedBy: "new", lineSetHash: 0))
    if launchVisit[app] == nil { launchVisit[app] = visit }
    appOfPage[page] = app
    return page
  }

  /// Adds an element labelled `label` to `page` and a click on it leading to `to`, recorded
  /// `count` times; `from == to` records a self-loop. Returns the element's id.
  @discardableResult
  public func edge(from: Int64, to: Int64, label: String, count: Int = 1) throws -> Int64 {
    guard let app = appOfPage[from] else {
      throw GraphQueryError(
        path: writer.database.path, reason: "page \(from) was not written by this writer")
    }
    let index = elementsOnPage[from, default: 0]
    elementsOnPage[from] = index + 1
    let top = Int64(100 + 80 * index)
    let element = try writer.insertElement(
      ElementRow(
        page: from, nodeIndex: Int64(index), className: "android.widget.Button", text: label,
        box: ElementRow.Box(left: 0, top: top, right: 720, bottom: top + 80), clickable: true))
    let action = try writer.action(
      ActionRow(
        app: app, type: "click", key: "element:\(element)",
        mobile3M: "click(<button> \(label) </button>)"))
    try writer.addEdge(
      EdgeRow(
        fromPage: from, action: action, toPage: to, element: element, count: Int64(count),
        selfLoop: from == to))
    return element
  }

  /// Commits what was written and starts the next transaction.
  public func commit() throws {
    try writer.commit()
    try writer.beginWrite()
  }

  /// Commits and ends; the writer must not be used afterwards.
  public func finish() throws {
    try writer.commit()
  }
}
