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

  /// Every action number of the app so far, by action string.
  private(set) var actionNumbers: [String: Int] = [:]

  init(db: Database, app: String) throws {
    self.db = db
    self.app = app
    for (action, number) in try db.crawlActionNumbers(app: app) {
      if let number = Int(exactly: number) { actionNumbers[action] = number }
    }
  }

  var isEmpty: Bool {
    get throws { try db.crawlPageCount(app: app) == 0 }
  }

  /// Pages still to expand: not done, not on hold, within the depth limit and this worker's
  /// subtrees.
  func open(options: ExplorerOptions) throws -> Int {
    try expandable(options: options).count
  }

  /// The pages still to expand, shallowest first.
  private func expandable(options: ExplorerOptions) throws -> [CrawlPageRow] {
    try db.crawlPagesToExpand(app: app, maxDepth: options.maxDepth).filter {
      options.allows($0.name)
    }
  }

  func add(path: [String], name: String, page: Int64, depth: Int, record: String) throws {
    let json = String(decoding: try JSONSerialization.data(withJSONObject: path), as: UTF8.self)
    try db.addCrawlPage(
      CrawlPageRow(
        app: app, name: name, path: json, page: page, depth: Int64(depth), record: record))
  }

  /// The next page to expand: the shallowest first while it is within the breadth-first
  /// depth, else a random one; nil when none is left. Pages outside the worker's subtrees
  /// (`options.allows`) are not taken.
  func next(options: ExplorerOptions, random: inout SeededGenerator) throws -> Entry? {
    let rows = try expandable(options: options)
    guard let first = rows.first else { return nil }
    let chosen =
      first.depth <= Int64(options.breadthFirstDepth)
      ? first : rows.randomElement(using: &random) ?? first
    guard let id = chosen.id, let depth = Int(exactly: chosen.depth),
      let path = try JSONSerialization.jsonObject(with: Data(chosen.path.utf8)) as? [String]
    else { return nil }
    return Entry(
      id: id, name: chosen.name, path: path, depth: depth, record: chosen.record,
      tried: try db.crawlTriedActions(page: id))
  }

  func tried(_ entry: Entry, _ action: String) throws {
    try db.markCrawlActionTried(page: entry.id, action: action)
  }

  func finish(_ entry: Entry) throws {
    try db.finishCrawlPage(entry.id)
  }

  func hold(_ entry: Entry) throws {
    try db.holdCrawlPage(entry.id)
  }

  /// Takes the action numbers `other` gave this app (a crawl that other workers share), so
  /// page names agree with it; numbers already given here must agree.
  mutating func adoptActionNumbers(from other: Database, source: String) throws {
    guard try other.hasCrawlActionNumbers() else {
      throw CrawlError(subject: source, reason: "not a crawl's database (no crawl_action table)")
    }
    let rows = try other.crawlActionNumbers(app: app)
    guard !rows.isEmpty else {
      throw CrawlError(subject: source, reason: "no action numbers of \(app) in this database")
    }
    let byNumber = Dictionary(actionNumbers.map { ($0.value, $0.key) }) { first, _ in first }
    var added: [String: Int] = [:]
    for (action, recorded) in rows {
      guard let number = Int(exactly: recorded) else { continue }
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
    try db.addCrawlActionNumbers(app: app, added)
    actionNumbers.merge(added) { old, _ in old }
  }
}
