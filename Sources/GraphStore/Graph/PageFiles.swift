/// A unique page with the files it was first recorded in: what the corpus builders read a
/// page's samples from.
public struct PageFiles: Sendable, Hashable {
  /// Page row id.
  public var page: Int64
  /// Its app's name.
  public var app: String
  /// The page's name, else its id: the key its split is drawn by.
  public var key: String
  /// The dump it was first seen in.
  public var xmlPath: String?
  /// The screenshot it was first seen in.
  public var screenshotPath: String?
}

extension Database {
  /// Calls `body` with every unique page, by id, as they are read.
  public func forEachPageFiles(_ body: (PageFiles) throws -> Void) throws {
    try forEachRow(
      """
      SELECT page.id AS id, app.name AS app, page.name AS name, page.xml_path AS xml_path,
             page.screenshot_path AS screenshot_path
      FROM page JOIN app ON app.id = page.app_id ORDER BY page.id
      """
    ) { try body($0.pageFiles()) }
  }

  /// Calls `body` with every unique page that has more than `transitions` transitions out of it
  /// (self-loops included), by id, as they are read.
  public func forEachPageFiles(
    withMoreTransitionsThan transitions: Int, _ body: (PageFiles) throws -> Void
  ) throws {
    try forEachRow(
      """
      SELECT page.id AS id, app.name AS app, page.name AS name, page.xml_path AS xml_path,
             page.screenshot_path AS screenshot_path
      FROM page JOIN app ON app.id = page.app_id
      WHERE page.id IN (SELECT from_page FROM edge GROUP BY from_page HAVING count(*) > ?)
      ORDER BY page.id
      """, [.integer(Int64(transitions))]
    ) { try body($0.pageFiles()) }
  }
}

extension Row {
  /// The page of a query selecting `id`, `app`, `name`, `xml_path` and `screenshot_path`.
  fileprivate func pageFiles() -> PageFiles {
    let page = self["id"].int64 ?? 0
    return PageFiles(
      page: page, app: self["app"].string ?? "", key: self["name"].string ?? String(page),
      xmlPath: self["xml_path"].string, screenshotPath: self["screenshot_path"].string)
  }
}
