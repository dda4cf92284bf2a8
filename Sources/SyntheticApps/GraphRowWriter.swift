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
  private let db: Database
  private let source: Int64
  private var launchVisit: [Int64: Int64] = [:]
  private var appOfPage: [Int64: Int64] = [:]
  private var elementsOnPage: [Int64: Int] = [:]

  /// A writer into `database` (migrated to the current schema first).
  public init(database: Database) throws {
    db = database
    try GraphSchema.prepare(db)
    try db.execute("BEGIN")
    try db.cachedStatement(
      "INSERT INTO source(path, format, fingerprint, status) VALUES (?, 'synthetic', ?, 'done')"
    ).bindAndRun([
      .text("synthetic"), .text("synthetic:\(try db.scalar("SELECT count(*) FROM source") ?? 0)"),
    ])
    source = db.lastInsertRowID
  }

  /// Adds an app; returns its id.
  public func app(_ name: String) throws -> Int64 {
    try db.cachedStatement("INSERT INTO app(name) VALUES (?)").bindAndRun([.text(name)])
    return db.lastInsertRowID
  }

  /// Adds a page (and its one visit); the app's first page is its launch page.
  public func page(app: Int64, name: String) throws -> Int64 {
    try db.cachedStatement(
      "INSERT INTO page(app_id, name, line_set_hash, line_hashes, html) VALUES (?, ?, 0, x'', ?)"
    ).bindAndRun([.integer(app), .text(name), .text("<p> \(name) </p>")])
    let page = db.lastInsertRowID
    try db.cachedStatement(
      """
      INSERT INTO visit(source_id, app_id, record, name, parent_visit_id, depth, page_id,
                        matched_by, line_set_hash)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'new', 0)
      """
    ).bindAndRun([
      .integer(source), .integer(app), .text(name), .text(name),
      DatabaseValue(launchVisit[app]), .integer(launchVisit[app] == nil ? 1 : 2), .integer(page),
    ])
    if launchVisit[app] == nil { launchVisit[app] = db.lastInsertRowID }
    appOfPage[page] = app
    return page
  }

  /// Adds an element labelled `label` to `page` and a click on it leading to `to`, recorded
  /// `count` times; `from == to` records a self-loop. Returns the element's id.
  @discardableResult
  public func edge(from: Int64, to: Int64, label: String, count: Int = 1) throws -> Int64 {
    guard let app = appOfPage[from] else {
      throw GraphQueryError(path: db.path, reason: "page \(from) was not written by this writer")
    }
    let index = elementsOnPage[from, default: 0]
    elementsOnPage[from] = index + 1
    let top = 100 + 80 * index
    try db.cachedStatement(
      """
      INSERT INTO element(page_id, node_index, class, text, content_desc, resource_id,
                          x1, y1, x2, y2, clickable, scrollable, editable)
      VALUES (?, ?, 'android.widget.Button', ?, '', '', 0, ?, 720, ?, 1, 0, 0)
      """
    ).bindAndRun([
      .integer(from), .integer(Int64(index)), .text(label), .integer(Int64(top)),
      .integer(Int64(top + 80)),
    ])
    let element = db.lastInsertRowID
    try db.cachedStatement(
      "INSERT INTO action(app_id, type, key, mobile3m) VALUES (?, 'click', ?, ?)"
    ).bindAndRun([
      .integer(app), .text("element:\(element)"), .text("click(<button> \(label) </button>)"),
    ])
    let action = db.lastInsertRowID
    try db.cachedStatement(
      """
      INSERT INTO edge(from_page, action_id, to_page, element_id, count, self_loop)
      VALUES (?, ?, ?, ?, ?, ?)
      """
    ).bindAndRun([
      .integer(from), .integer(action), .integer(to), .integer(element),
      .integer(Int64(count)), DatabaseValue(from == to),
    ])
    return element
  }

  /// Commits what was written and starts the next transaction.
  public func commit() throws {
    try db.execute("COMMIT")
    try db.execute("BEGIN")
  }

  /// Commits and ends; the writer must not be used afterwards.
  public func finish() throws {
    try db.execute("COMMIT")
  }
}
