import Foundation
import Geometry
import GraphStore

/// The pages a crawl still has to expand, with their action paths and the actions tried on
/// them, kept in the graph database (tables `crawl_page`, `crawl_tried`, `crawl_action`) so a
/// killed crawl resumes where it stopped.
struct CrawlFrontier {
  /// A page to expand.
  struct Entry {
    var id: Int64
    var name: String
    var path: [String]
    var depth: Int
    var record: String
    var tried: Set<String>
  }

  let db: Database
  let app: String

  /// Creates the crawl tables when missing.
  static func migrate(_ db: Database) throws {
    try db.execute(
      """
      CREATE TABLE IF NOT EXISTS crawl_page(
        id INTEGER PRIMARY KEY, app TEXT NOT NULL, name TEXT NOT NULL, path TEXT NOT NULL,
        page_id INTEGER NOT NULL, depth INTEGER NOT NULL, record TEXT NOT NULL,
        done INTEGER NOT NULL DEFAULT 0, hold INTEGER NOT NULL DEFAULT 0, UNIQUE(app, name));
      CREATE TABLE IF NOT EXISTS crawl_tried(
        page INTEGER NOT NULL REFERENCES crawl_page(id), action TEXT NOT NULL,
        PRIMARY KEY(page, action)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS crawl_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT OR IGNORE INTO crawl_meta(key, value) VALUES ('id', lower(hex(randomblob(8))));
      CREATE TABLE IF NOT EXISTS crawl_action(
        id INTEGER PRIMARY KEY, app TEXT NOT NULL, action TEXT NOT NULL,
        number INTEGER NOT NULL, UNIQUE(app, action));
      """)
    // Crawls from before action numbers were per app: their ids were the numbers.
    let columns = try db.fetchAll("PRAGMA table_info(crawl_action)").compactMap { $0[1].string }
    if !columns.contains("number") {
      try db.execute(
        """
        ALTER TABLE crawl_action ADD COLUMN number INTEGER NOT NULL DEFAULT 0;
        UPDATE crawl_action SET number = id;
        """)
    }
  }

  /// Every action number of the app so far, by action string.
  private(set) var actionNumbers: [String: Int] = [:]

  /// The database's crawl id, drawn once when the crawl tables are created: a database's
  /// crawls record into one source whatever their screens folder (a resumed crawl finds its
  /// screens' parents), and separately created databases (workers) into different ones.
  static func crawlID(_ db: Database) throws -> String {
    try db.fetchOne("SELECT value FROM crawl_meta WHERE key = 'id'")?.first?.string ?? ""
  }

  init(db: Database, app: String) throws {
    self.db = db
    self.app = app
    for row in try db.fetchAll(
      "SELECT action, number FROM crawl_action WHERE app = ?", [.text(app)])
    {
      if let action = row[0].string, let number = row[1].int64 {
        actionNumbers[action] = Int(number)
      }
    }
  }

  var isEmpty: Bool {
    get throws { try db.scalar("SELECT count(*) FROM crawl_page WHERE app = ?", [.text(app)]) == 0 }
  }

  /// Pages still to expand: not done, not on hold, within the depth limit and this worker's
  /// subtrees.
  func open(options: ExplorerOptions) throws -> Int {
    try expandable(options: options).count
  }

  /// The rows (id, name, path, depth, record) of the pages still to expand, shallowest first.
  private func expandable(options: ExplorerOptions) throws -> [[DatabaseValue]] {
    try db.fetchAll(
      """
      SELECT id, name, path, depth, record FROM crawl_page
      WHERE app = ? AND done = 0 AND hold = 0 AND depth <= ? ORDER BY depth, id
      """, [.text(app), .integer(Int64(options.maxDepth))]
    ).filter { options.allows($0[1].string ?? "") }
  }

  func add(path: [String], name: String, page: Int64, depth: Int, record: String) throws {
    let json = String(decoding: try JSONSerialization.data(withJSONObject: path), as: UTF8.self)
    try db.cachedStatement(
      """
      INSERT OR IGNORE INTO crawl_page(app, name, path, page_id, depth, record)
      VALUES (?, ?, ?, ?, ?, ?)
      """
    ).bindAndRun([
      .text(app), .text(name), .text(json), .integer(page), .integer(Int64(depth)), .text(record),
    ])
  }

  /// The next page to expand: the shallowest first while it is within the breadth-first
  /// depth, else a random one; nil when none is left. Pages outside the worker's subtrees
  /// (`options.allows`) are not taken.
  func next(options: ExplorerOptions, random: inout SeededGenerator) throws -> Entry? {
    let rows = try expandable(options: options)
    guard let first = rows.first else { return nil }
    let chosen =
      (first[3].int64 ?? 0) <= Int64(options.breadthFirstDepth)
      ? first : rows.randomElement(using: &random)!
    guard let id = chosen[0].int64, let name = chosen[1].string, let pathJSON = chosen[2].string,
      let path = try JSONSerialization.jsonObject(with: Data(pathJSON.utf8)) as? [String]
    else { return nil }
    let tried = Set(
      try db.fetchAll("SELECT action FROM crawl_tried WHERE page = ?", [.integer(id)])
        .compactMap { $0.first?.string })
    return Entry(
      id: id, name: name, path: path, depth: Int(chosen[3].int64 ?? 1),
      record: chosen[4].string ?? name, tried: tried)
  }

  func tried(_ entry: Entry, _ action: String) throws {
    try db.cachedStatement("INSERT OR IGNORE INTO crawl_tried(page, action) VALUES (?, ?)")
      .bindAndRun([.integer(entry.id), .text(action)])
  }

  func finish(_ entry: Entry) throws {
    try db.execute("UPDATE crawl_page SET done = 1 WHERE id = \(entry.id)")
  }

  func hold(_ entry: Entry) throws {
    try db.execute("UPDATE crawl_page SET hold = 1 WHERE id = \(entry.id)")
  }

  /// Takes the action numbers `other` gave this app (a crawl that other workers share), so
  /// page names agree with it; numbers already given here must agree.
  mutating func adoptActionNumbers(from other: Database, source: String) throws {
    guard
      try other.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'crawl_action'") == 1
    else {
      throw CrawlError(subject: source, reason: "not a crawl's database (no crawl_action table)")
    }
    let rows = try other.fetchAll(
      "SELECT action, number FROM crawl_action WHERE app = ? ORDER BY number", [.text(app)])
    guard !rows.isEmpty else {
      throw CrawlError(subject: source, reason: "no action numbers of \(app) in this database")
    }
    let byNumber = Dictionary(actionNumbers.map { ($0.value, $0.key) }) { first, _ in first }
    var added: [String: Int] = [:]
    for row in rows {
      guard let action = row[0].string, let number = row[1].int64.map(Int.init) else { continue }
      if let mine = actionNumbers[action], mine != number {
        throw CrawlError(
          subject: source,
          reason: "action numbered \(number) there is \(mine) in this crawl; start the worker "
            + "with a new database")
      }
      if let other = byNumber[number], other != action {
        throw CrawlError(
          subject: source,
          reason: "number \(number) names another action in this crawl; start the worker with "
            + "a new database")
      }
      if actionNumbers[action] == nil { added[action] = number }
    }
    try store(added)
  }

  /// The app-wide numbers of a page's action strings (Mobile3M's `all_action_id.json`),
  /// 1, 2, … in the order they are first seen, a page's whole action space at once: workers
  /// that explore one app from the same launch page number its actions alike.
  mutating func numberActions(_ actions: [String]) throws {
    let missing = actions.filter { actionNumbers[$0] == nil }
    guard !missing.isEmpty else { return }
    var added: [String: Int] = [:]
    var next = (actionNumbers.values.max() ?? 0) + 1
    for action in missing where added[action] == nil {
      added[action] = next
      next += 1
    }
    try store(added)
  }

  /// Records new action numbers, all or none.
  private mutating func store(_ added: [String: Int]) throws {
    guard !added.isEmpty else { return }
    try db.inTransaction {
      for (action, number) in added {
        try db.cachedStatement("INSERT INTO crawl_action(app, action, number) VALUES (?, ?, ?)")
          .bindAndRun([.text(app), .text(action), .integer(Int64(number))])
      }
    }
    actionNumbers.merge(added) { old, _ in old }
  }
}
