/// The crawler's tables, kept in the graph so a killed crawl resumes where it stopped:
/// `crawl_page` (the frontier: pages to expand with their action paths), `crawl_tried` (the
/// actions tried on them), `crawl_action` (the app-wide action numbers of Mobile3M's
/// `all_action_id.json`) and `crawl_meta` (the database's crawl id, drawn once); since v8
/// `crawl_page.claimed_by` (the worker expanding a page) and `crawl_space` (a page's action
/// space as last seen), so that several workers crawl one graph at once.
extension GraphSchema {
  static let crawlTables = """
    CREATE TABLE IF NOT EXISTS crawl_page(
      id INTEGER PRIMARY KEY, app TEXT NOT NULL, name TEXT NOT NULL, path TEXT NOT NULL,
      page_id INTEGER NOT NULL, depth INTEGER NOT NULL, record TEXT NOT NULL,
      done INTEGER NOT NULL DEFAULT 0, hold INTEGER NOT NULL DEFAULT 0, UNIQUE(app, name));
    CREATE TABLE IF NOT EXISTS crawl_tried(
      page INTEGER NOT NULL REFERENCES crawl_page(id), action TEXT NOT NULL,
      PRIMARY KEY(page, action)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS crawl_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS crawl_action(
      id INTEGER PRIMARY KEY, app TEXT NOT NULL, action TEXT NOT NULL,
      number INTEGER NOT NULL, UNIQUE(app, action));
    """

  /// Creates the crawl tables (graphs crawled before version 5 made them themselves and keep
  /// theirs, with their crawl id); crawls from before action numbers were per app get the
  /// `number` column, their ids being the numbers.
  static func createCrawlTables(_ db: Database) throws {
    try db.executeSchema(crawlTables)
    // The crawl id: 16 random hexadecimal digits, drawn once.
    let id = String(UInt64.random(in: .min ... .max), radix: 16)
    try db.prepare(
      "INSERT INTO crawl_meta(key, value) VALUES ('id', ?) ON CONFLICT DO NOTHING"
    ).bindAndRun([.text(String(repeating: "0", count: 16 - id.count) + id)])
    let columns = try db.columnNames(ofTable: "crawl_action")
    if !columns.contains("number") {
      try db.execute(
        """
        ALTER TABLE crawl_action ADD COLUMN number INTEGER NOT NULL DEFAULT 0;
        UPDATE crawl_action SET number = id;
        """)
    }
  }
}

extension GraphSchema {
  /// Version 8: crawl workers share one graph. A frontier page is claimed by the worker that
  /// expands it (`claimed_by`, a ``CrawlClaimant`` id; NULL when free), a page's action space
  /// is kept (skipped actions left out) so a worker knows, without replaying it, whether a page
  /// has actions left for it, and an action number names one action of an app.
  static func shareCrawls(_ db: Database) throws {
    // Idempotent, as the earlier steps are (a file whose version was set back runs it again).
    if try !db.columnNames(ofTable: "crawl_page").contains("claimed_by") {
      try db.executeSchema("ALTER TABLE crawl_page ADD COLUMN claimed_by TEXT")
    }
    try db.executeSchema(crawlSharing)
  }

  static let crawlSharing = """
    CREATE TABLE IF NOT EXISTS crawl_space(
      page INTEGER NOT NULL REFERENCES crawl_page(id), action TEXT NOT NULL,
      PRIMARY KEY(page, action)) WITHOUT ROWID;
    CREATE UNIQUE INDEX IF NOT EXISTS crawl_action_number ON crawl_action(app, number);
    """
}

extension GraphSchema {
  /// Version 10: a frontier claim records when its worker last made progress on the page
  /// (`claimed_at`, Unix seconds by the worker's clock: set when claimed, renewed with each of
  /// the page's writes), so an operator can tell a hung worker from a busy one and free its
  /// pages (`m3m crawl --claims`, `--release-claims`).
  static func stampCrawlClaims(_ db: Database) throws {
    // Idempotent, as the earlier steps are.
    if try !db.columnNames(ofTable: "crawl_page").contains("claimed_at") {
      try db.executeSchema("ALTER TABLE crawl_page ADD COLUMN claimed_at INTEGER")
    }
  }
}
