/// The crawler's state in the graph: its frontier, the actions tried, the app-wide action
/// numbers, its id, and the screens its crawls recorded.
extension Database {
  /// The database's crawl id, drawn once when the crawl tables were made (empty when the
  /// graph has none): a database's crawls record into one source, separately created
  /// databases (workers) into different ones.
  public func crawlID() throws -> String {
    try row("SELECT value FROM crawl_meta WHERE key = 'id'")?["value"].string ?? ""
  }

  /// True when the database has the crawl's action numbers table (a crawl's database).
  public func hasCrawlActionNumbers() throws -> Bool {
    try tableNames().contains("crawl_action")
  }

  /// The app's action numbers by action string, in number order.
  public func crawlActionNumbers(app: String) throws -> [(action: String, number: Int64)] {
    try rows(
      "SELECT action, number FROM crawl_action WHERE app = ? ORDER BY number", [.text(app)]
    ).compactMap { row in
      guard let action = row["action"].string, let number = row["number"].int64 else {
        return nil
      }
      return (action, number)
    }
  }

  /// Records new action numbers of the app, all or none (in a transaction of its own).
  public func addCrawlActionNumbers(app: String, _ numbers: [String: Int]) throws {
    try inTransaction {
      for (action, number) in numbers {
        try cachedStatement("INSERT INTO crawl_action(app, action, number) VALUES (?, ?, ?)")
          .bindAndRun([.text(app), .text(action), DatabaseValue(number)])
      }
    }
  }

  /// The number of frontier pages of the app (expanded or not).
  public func crawlPageCount(app: String) throws -> Int64 {
    try scalar("SELECT count(*) FROM crawl_page WHERE app = ?", [.text(app)]) ?? 0
  }

  /// The app's frontier pages still to expand (not done, not on hold, at most `maxDepth`
  /// deep), shallowest first.
  public func crawlPagesToExpand(app: String, maxDepth: Int) throws -> [CrawlPageRow] {
    try rows(
      """
      SELECT id, app, name, path, page_id, depth, record FROM crawl_page
      WHERE app = ? AND done = 0 AND hold = 0 AND depth <= ? ORDER BY depth, id
      """, [.text(app), DatabaseValue(maxDepth)]
    ).compactMap { row in
      guard let id = row["id"].int64, let name = row["name"].string,
        let path = row["path"].string
      else { return nil }
      return CrawlPageRow(
        id: id, app: row["app"].string ?? app, name: name, path: path,
        page: row["page_id"].int64 ?? 0, depth: row["depth"].int64 ?? 1,
        record: row["record"].string ?? name)
    }
  }

  /// Adds a page to the frontier (nothing when the app has a page of that name already).
  public func addCrawlPage(_ row: CrawlPageRow) throws {
    try cachedStatement(
      """
      INSERT INTO crawl_page(app, name, path, page_id, depth, record)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
      """
    ).bindAndRun([
      .text(row.app), .text(row.name), .text(row.path), .integer(row.page), .integer(row.depth),
      .text(row.record),
    ])
  }

  /// The actions tried on a frontier page.
  public func crawlTriedActions(page: Int64) throws -> Set<String> {
    Set(
      try rows("SELECT action FROM crawl_tried WHERE page = ?", [.integer(page)])
        .compactMap { $0["action"].string })
  }

  /// Marks an action tried on a frontier page.
  public func markCrawlActionTried(page: Int64, action: String) throws {
    try cachedStatement(
      "INSERT INTO crawl_tried(page, action) VALUES (?, ?) ON CONFLICT DO NOTHING"
    )
    .bindAndRun([.integer(page), .text(action)])
  }

  /// Marks a frontier page expanded.
  public func finishCrawlPage(_ page: Int64) throws {
    try cachedStatement("UPDATE crawl_page SET done = 1 WHERE id = ?").bindAndRun([
      .integer(page)
    ])
  }

  /// Puts a frontier page on hold (it could not be reached).
  public func holdCrawlPage(_ page: Int64) throws {
    try cachedStatement("UPDATE crawl_page SET hold = 1 WHERE id = ?").bindAndRun([
      .integer(page)
    ])
  }

  /// A screen a crawl recorded: its name, its unique page and its parent screen's name.
  public struct CrawledScreen: Sendable, Hashable {
    public var name: String
    public var page: Int64
    public var parentName: String?
  }

  /// The name of the first crawled screen of a unique page.
  public func firstCrawledName(page: Int64) throws -> String? {
    try row(
      """
      SELECT v.name AS name FROM visit v JOIN source s ON s.id = v.source_id
      WHERE v.page_id = ? AND s.format = 'crawl' AND v.name IS NOT NULL ORDER BY v.id LIMIT 1
      """, [.integer(page)])?["name"].string
  }

  /// Every named screen the app's crawls recorded, in the order they were recorded.
  public func crawledScreens(app: String) throws -> [CrawledScreen] {
    try rows(
      """
      SELECT v.name AS name, v.page_id AS page_id, parent.name AS parent_name
      FROM visit v JOIN source s ON s.id = v.source_id JOIN app a ON a.id = v.app_id
      LEFT JOIN visit parent ON parent.id = v.parent_visit_id
      WHERE s.format = 'crawl' AND a.name = ? AND v.name IS NOT NULL ORDER BY v.id
      """, [.text(app)]
    ).compactMap { row in
      guard let name = row["name"].string, let page = row["page_id"].int64 else { return nil }
      return CrawledScreen(name: name, page: page, parentName: row["parent_name"].string)
    }
  }
}
