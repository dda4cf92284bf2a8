import Foundation

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
      UPDATE crawl_page SET claimed_by = ?, claimed_at = ?
      WHERE id = ? AND done = 0 AND hold = 0 AND (claimed_by IS NULL OR claimed_by = ?)
      """
    ).bindAndRun([
      .text(claimant), .integer(Self.crawlClock), .integer(page),
      previous.map { .text($0) } ?? .null,
    ])
    return changes == 1
  }

  /// Renews `claimant`'s claim on a frontier page (its last progress is now), in the write
  /// transaction of a write the worker makes for the page: throws ``CrawlClaimLost`` when the
  /// page is no longer its own (released by an operator, `m3m crawl --release-claims`, and
  /// perhaps taken over), so the transaction rolls back and the write is discarded. On
  /// PostgreSQL the update locks the row until the transaction ends: a release waits for it.
  public func renewCrawlClaim(_ page: Int64, by claimant: String) throws {
    try cachedStatement("UPDATE crawl_page SET claimed_at = ? WHERE id = ? AND claimed_by = ?")
      .bindAndRun([.integer(Self.crawlClock), .integer(page), .text(claimant)])
    guard changes == 0 else { return }
    let row = try row(
      "SELECT app AS app, name AS name, claimed_by AS claimed_by FROM crawl_page WHERE id = ?",
      [.integer(page)])
    throw CrawlClaimLost(
      app: row?["app"].string ?? "", page: row?["name"].string ?? "#\(page)",
      worker: claimant, holder: row?["claimed_by"].string)
  }

  /// Gives a frontier page back (its worker expanded it for now).
  public func releaseCrawlPage(_ page: Int64, by claimant: String) throws {
    try cachedStatement(
      "UPDATE crawl_page SET claimed_by = NULL, claimed_at = NULL WHERE id = ? AND claimed_by = ?"
    ).bindAndRun([.integer(page), .text(claimant)])
  }

  /// Gives back every frontier page `claimant` holds (its crawl stops, or an operator frees a
  /// hung worker's pages); the number of pages freed.
  @discardableResult
  public func releaseCrawlClaims(by claimant: String) throws -> Int {
    try cachedStatement(
      "UPDATE crawl_page SET claimed_by = NULL, claimed_at = NULL WHERE claimed_by = ?"
    ).bindAndRun([.text(claimant)])
    return changes
  }

  /// Every claimed frontier page, by worker, app and page name.
  public func crawlClaims() throws -> [CrawlClaim] {
    try rows(
      """
      SELECT claimed_by AS claimed_by, app AS app, name AS name, claimed_at AS claimed_at
      FROM crawl_page WHERE claimed_by IS NOT NULL ORDER BY claimed_by, app, depth, name
      """
    ).compactMap { row in
      guard let worker = row["claimed_by"].string, let app = row["app"].string,
        let name = row["name"].string
      else { return nil }
      return CrawlClaim(
        worker: worker, app: app, page: name, lastProgress: row["claimed_at"].int64)
    }
  }

  /// The clock of claims: Unix seconds.
  static var crawlClock: Int64 { Int64(time(nil)) }

  /// Records a frontier page's action space as seen now (skipped actions left out), replacing
  /// the one seen before, for the worker that holds its claim (``renewCrawlClaim(_:by:)``).
  public func setCrawlActionSpace(page: Int64, actions: [String], by claimant: String) throws {
    let recorded = Set(
      try rows("SELECT action FROM crawl_space WHERE page = ?", [.integer(page)])
        .compactMap { $0["action"].string })
    guard recorded != Set(actions) else { return }
    try inTransaction {
      try renewCrawlClaim(page, by: claimant)
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

  /// Marks a frontier page expanded by its worker `claimant`, and releases it: done when every
  /// action of its recorded space was tried (by any worker), else left open for the workers
  /// whose subtrees hold the rest. Throws ``CrawlClaimLost`` when the page is no longer its own.
  public func finishCrawlPage(_ page: Int64, by claimant: String) throws {
    try cachedStatement(
      """
      UPDATE crawl_page SET claimed_by = NULL, claimed_at = NULL, done = CASE WHEN EXISTS (
        SELECT 1 FROM crawl_space s WHERE s.page = crawl_page.id AND NOT EXISTS (
          SELECT 1 FROM crawl_tried t WHERE t.page = s.page AND t.action = s.action))
        THEN 0 ELSE 1 END
      WHERE id = ? AND claimed_by = ?
      """
    ).bindAndRun([.integer(page), .text(claimant)])
    if changes == 0 { try renewCrawlClaim(page, by: claimant) }
  }

  /// Marks a frontier page that no worker holds done when every action of its recorded space
  /// was tried (by workers that each stopped short of it).
  public func finishUnclaimedCrawlPage(_ page: Int64) throws {
    try cachedStatement(
      """
      UPDATE crawl_page SET done = 1 WHERE id = ? AND claimed_by IS NULL AND NOT EXISTS (
        SELECT 1 FROM crawl_space s WHERE s.page = crawl_page.id AND NOT EXISTS (
          SELECT 1 FROM crawl_tried t WHERE t.page = s.page AND t.action = s.action))
      """
    ).bindAndRun([.integer(page)])
  }

  /// Puts a frontier page its worker `claimant` holds on hold (it could not be reached), and
  /// releases it. Throws ``CrawlClaimLost`` when the page is no longer its own.
  public func holdCrawlPage(_ page: Int64, by claimant: String) throws {
    try cachedStatement(
      """
      UPDATE crawl_page SET hold = 1, claimed_by = NULL, claimed_at = NULL
      WHERE id = ? AND claimed_by = ?
      """
    ).bindAndRun([.integer(page), .text(claimant)])
    if changes == 0 { try renewCrawlClaim(page, by: claimant) }
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
