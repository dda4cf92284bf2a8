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
  /// deep), shallowest first, each with its claim and the number of actions of its recorded
  /// action space not tried yet.
  public func crawlPagesToExpand(app: String, maxDepth: Int) throws -> [CrawlPageRow] {
    try rows(
      """
      SELECT p.id AS id, p.app AS app, p.name AS name, p.path AS path, p.page_id AS page_id,
        p.depth AS depth, p.record AS record, p.claimed_by AS claimed_by,
        (SELECT count(*) FROM crawl_space s WHERE s.page = p.id) AS space,
        (SELECT count(*) FROM crawl_space s WHERE s.page = p.id AND NOT EXISTS (
          SELECT 1 FROM crawl_tried t WHERE t.page = s.page AND t.action = s.action)) AS untried
      FROM crawl_page p
      WHERE p.app = ? AND p.done = 0 AND p.hold = 0 AND p.depth <= ? ORDER BY p.depth, p.id
      """, [.text(app), DatabaseValue(maxDepth)]
    ).compactMap { row in
      guard let id = row["id"].int64, let name = row["name"].string,
        let path = row["path"].string
      else { return nil }
      return CrawlPageRow(
        id: id, app: row["app"].string ?? app, name: name, path: path,
        page: row["page_id"].int64 ?? 0, depth: row["depth"].int64 ?? 1,
        record: row["record"].string ?? name, claimedBy: row["claimed_by"].string,
        untriedActions: (row["space"].int64 ?? 0) > 0 ? row["untried"].int64 : nil)
    }
  }

  /// Claims a frontier page for `claimant` when it is still open and free (or held by
  /// `previous`, a worker found gone); false when another worker has it. Run in the write
  /// transaction that chose the page, so two workers never claim one page.
  public func claimCrawlPage(_ page: Int64, by claimant: String, replacing previous: String?)
    throws -> Bool
  {
    try cachedStatement(
      """
      UPDATE crawl_page SET claimed_by = ?
      WHERE id = ? AND done = 0 AND hold = 0 AND (claimed_by IS NULL OR claimed_by = ?)
      """
    ).bindAndRun([.text(claimant), .integer(page), previous.map { .text($0) } ?? .null])
    return changes == 1
  }

  /// Gives a frontier page back (its worker expanded it for now).
  public func releaseCrawlPage(_ page: Int64, by claimant: String) throws {
    try cachedStatement("UPDATE crawl_page SET claimed_by = NULL WHERE id = ? AND claimed_by = ?")
      .bindAndRun([.integer(page), .text(claimant)])
  }

  /// Gives back every frontier page `claimant` holds (its crawl stops).
  public func releaseCrawlClaims(by claimant: String) throws {
    try cachedStatement("UPDATE crawl_page SET claimed_by = NULL WHERE claimed_by = ?")
      .bindAndRun([.text(claimant)])
  }

  /// Records a frontier page's action space as seen now (skipped actions left out), replacing
  /// the one seen before.
  public func setCrawlActionSpace(page: Int64, actions: [String]) throws {
    let recorded = Set(
      try rows("SELECT action FROM crawl_space WHERE page = ?", [.integer(page)])
        .compactMap { $0["action"].string })
    guard recorded != Set(actions) else { return }
    try inTransaction {
      try cachedStatement("DELETE FROM crawl_space WHERE page = ?").bindAndRun([.integer(page)])
      for action in actions {
        try cachedStatement(
          "INSERT INTO crawl_space(page, action) VALUES (?, ?) ON CONFLICT DO NOTHING"
        ).bindAndRun([.integer(page), .text(action)])
      }
    }
  }

  /// The actions of a frontier page's recorded action space not tried yet.
  public func crawlUntriedActions(page: Int64) throws -> [String] {
    try rows(
      """
      SELECT s.action AS action FROM crawl_space s WHERE s.page = ? AND NOT EXISTS (
        SELECT 1 FROM crawl_tried t WHERE t.page = s.page AND t.action = s.action)
      ORDER BY s.action
      """, [.integer(page)]
    ).compactMap { $0["action"].string }
  }

  /// Numbers the app's actions not numbered yet, after the largest number given so far, in
  /// the order given; returns every number of the app. One write transaction: workers sharing
  /// the graph never give one number twice, nor one action two numbers.
  public func numberCrawlActions(app: String, _ actions: [String]) throws -> [String: Int64] {
    try inTransaction {
      var numbers: [String: Int64] = [:]
      for (action, number) in try crawlActionNumbers(app: app) { numbers[action] = number }
      var next = (numbers.values.max() ?? 0) + 1
      for action in actions where numbers[action] == nil {
        try cachedStatement("INSERT INTO crawl_action(app, action, number) VALUES (?, ?, ?)")
          .bindAndRun([.text(app), .text(action), .integer(next)])
        numbers[action] = next
        next += 1
      }
      return numbers
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

  /// Marks a frontier page expanded by its worker, and releases it: done when every action of
  /// its recorded space was tried (by any worker), else left open for the workers whose
  /// subtrees hold the rest.
  public func finishCrawlPage(_ page: Int64) throws {
    try cachedStatement(
      """
      UPDATE crawl_page SET claimed_by = NULL, done = CASE WHEN EXISTS (
        SELECT 1 FROM crawl_space s WHERE s.page = crawl_page.id AND NOT EXISTS (
          SELECT 1 FROM crawl_tried t WHERE t.page = s.page AND t.action = s.action))
        THEN 0 ELSE 1 END
      WHERE id = ?
      """
    ).bindAndRun([.integer(page)])
  }

  /// Puts a frontier page on hold (it could not be reached), and releases it.
  public func holdCrawlPage(_ page: Int64) throws {
    try cachedStatement("UPDATE crawl_page SET hold = 1, claimed_by = NULL WHERE id = ?")
      .bindAndRun([.integer(page)])
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
