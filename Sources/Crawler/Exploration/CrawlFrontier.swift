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
      CREATE TABLE IF NOT EXISTS crawl_action(
        id INTEGER PRIMARY KEY, app TEXT NOT NULL, action TEXT NOT NULL, UNIQUE(app, action));
      """)
  }

  init(db: Database, app: String) throws {
    self.db = db
    self.app = app
  }

  var isEmpty: Bool {
    get throws { try db.scalar("SELECT count(*) FROM crawl_page WHERE app = ?", [.text(app)]) == 0 }
  }

  /// Pages not done and not on hold.
  var open: Int {
    get throws {
      Int(
        try db.scalar(
          "SELECT count(*) FROM crawl_page WHERE app = ? AND done = 0 AND hold = 0", [.text(app)])
          ?? 0)
    }
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
  /// depth, else a random one; nil when none is left.
  func next(options: ExplorerOptions, random: inout SeededGenerator) throws -> Entry? {
    let rows = try db.fetchAll(
      """
      SELECT id, name, path, depth, record FROM crawl_page
      WHERE app = ? AND done = 0 AND hold = 0 AND depth <= ? ORDER BY depth, id
      """, [.text(app), .integer(Int64(options.maxDepth))])
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

  /// The app-wide id of an action string (Mobile3M's `all_action_id.json`), assigned on first use.
  func actionID(_ action: String) throws -> Int64 {
    try db.cachedStatement("INSERT OR IGNORE INTO crawl_action(app, action) VALUES (?, ?)")
      .bindAndRun([.text(app), .text(action)])
    return try db.scalar(
      "SELECT id FROM crawl_action WHERE app = ? AND action = ?", [.text(app), .text(action)]) ?? 0
  }
}
