import Foundation
import Geometry
import GraphStore

/// The pages a crawl still has to expand, with their action paths and the actions tried on
/// them, kept in the graph database (tables `crawl_page`, `crawl_tried`, `crawl_space`,
/// `crawl_action`) so a killed crawl resumes where it stopped, and so several workers crawl one
/// graph at once: each claims the page it expands (``claimNext(options:random:)``), action
/// numbers are given in the database's write transaction, and a worker's pages are free again
/// when it stops or dies (``CrawlClaimant``).
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

  /// What a worker is to do next.
  enum Claim {
    /// Expand this page (claimed for this worker).
    case page(Entry)
    /// Nothing free now, but other workers expand pages that may leave work for this one.
    case waitForOthers
    /// Nothing left for this worker.
    case nothingLeft
  }

  let db: Database
  let app: String
  /// This worker.
  let claimant: CrawlClaimant

  /// Every action number of the app so far, by action string.
  private(set) var actionNumbers: [String: Int] = [:]

  init(db: Database, app: String, claimant: CrawlClaimant) throws {
    self.db = db
    self.app = app
    self.claimant = claimant
    try readActionNumbers()
  }

  private mutating func readActionNumbers() throws {
    for (action, number) in try db.crawlActionNumbers(app: app) {
      if let number = Int(exactly: number) { actionNumbers[action] = number }
    }
  }

  var isEmpty: Bool {
    get throws { try db.crawlPageCount(app: app) == 0 }
  }

  /// Pages with work left for this worker: not done, not on hold, within the depth limit and
  /// this worker's subtrees, with an action not tried yet that leads into them (claimed by
  /// another worker or not).
  mutating func open(options: ExplorerOptions) throws -> Int {
    var count = 0
    for row in try db.crawlPagesToExpand(app: app, maxDepth: options.maxDepth)
    where try hasWork(row, options: options) {
      count += 1
    }
    return count
  }

  /// Whether `row` has an action left for this worker: its space is not recorded yet, or an
  /// action of it not tried yet leads into the worker's subtrees.
  private mutating func hasWork(_ row: CrawlPageRow, options: ExplorerOptions) throws -> Bool {
    guard options.allows(row.name), let id = row.id else { return false }
    guard let untried = row.untriedActions else { return true }
    guard untried > 0 else { return false }
    if options.allowsEveryChild(of: row.name) { return true }
    // A page on the way to a subtree, or above one left to others: look at each action.
    let actions = try db.crawlUntriedActions(page: id)
    if actions.contains(where: { actionNumbers[$0] == nil }) { try readActionNumbers() }
    return actions.contains { action in
      actionNumbers[action].map { options.allows("\(row.name)_\($0)") } ?? true
    }
  }

  func add(path: [String], name: String, page: Int64, depth: Int, record: String) throws {
    let json = String(decoding: try JSONSerialization.data(withJSONObject: path), as: UTF8.self)
    try db.addCrawlPage(
      CrawlPageRow(
        app: app, name: name, path: json, page: page, depth: Int64(depth), record: record))
  }

  /// Claims the next page to expand, in one write transaction: the shallowest first while it
  /// is within the breadth-first depth, else a random one, among the pages with work left for
  /// this worker that no running worker holds (a page whose worker is gone is taken over).
  mutating func claimNext(options: ExplorerOptions, random: inout SeededGenerator) throws
    -> Claim
  {
    // Looked at first without the write lock: a worker waiting for others polls by reading,
    // and does not make theirs read their pages again.
    let seen = try survey(options: options)
    guard !seen.free.isEmpty || !seen.finished.isEmpty else {
      return seen.othersBusy ? .waitForOthers : .nothingLeft
    }
    let choice = try db.inTransaction { () throws -> (row: CrawlPageRow?, othersBusy: Bool) in
      let now = try survey(options: options)
      for id in now.finished { try db.finishUnclaimedCrawlPage(id) }
      guard let first = now.free.first else { return (nil, now.othersBusy) }
      let chosen =
        first.depth <= Int64(options.breadthFirstDepth)
        ? first : now.free.randomElement(using: &random) ?? first
      guard let id = chosen.id,
        try db.claimCrawlPage(id, by: claimant.id, replacing: chosen.claimedBy)
      else { return (nil, true) }
      return (chosen, now.othersBusy)
    }
    guard let chosen = choice.row else {
      return choice.othersBusy ? .waitForOthers : .nothingLeft
    }
    guard let id = chosen.id, let depth = Int(exactly: chosen.depth),
      let path = try JSONSerialization.jsonObject(with: Data(chosen.path.utf8)) as? [String]
    else {
      // A row this crawler did not write: on hold, so that it is not chosen again.
      if let id = chosen.id { try db.holdCrawlPage(id, by: claimant.id) }
      return .waitForOthers
    }
    return .page(
      Entry(
        id: id, name: chosen.name, path: path, depth: depth, record: chosen.record,
        tried: try db.crawlTriedActions(page: id)))
  }

  /// The open pages as this worker sees them: those it may claim (free, or held by a worker
  /// gone), whether running workers hold pages with work for it, and the pages whose every
  /// action was tried by workers that each stopped short of them (done, to be marked so).
  private mutating func survey(options: ExplorerOptions) throws
    -> (free: [CrawlPageRow], othersBusy: Bool, finished: [Int64])
  {
    var free: [CrawlPageRow] = []
    var finished: [Int64] = []
    var alive: [String: Bool] = [:]
    for row in try db.crawlPagesToExpand(app: app, maxDepth: options.maxDepth) {
      if row.untriedActions == 0, row.claimedBy == nil, let id = row.id {
        finished.append(id)
        continue
      }
      guard try hasWork(row, options: options) else { continue }
      if let holder = row.claimedBy, holder != claimant.id {
        let running = try alive[holder] ?? CrawlClaimant.isAlive(holder, on: db)
        alive[holder] = running
        if running { continue }
      }
      free.append(row)
    }
    return (free, alive.values.contains(true), finished)
  }

  /// Records the action space of a page being expanded (skipped actions left out): what other
  /// workers see of it without replaying it.
  func recordSpace(_ entry: Entry, actions: [String]) throws {
    try db.setCrawlActionSpace(page: entry.id, actions: actions, by: claimant.id)
  }

  /// Renews this worker's claim on the page it expands, in the transaction of a write for it:
  /// throws ``CrawlClaimLost`` (the transaction is rolled back) when an operator released the
  /// worker's claims meanwhile (`m3m crawl --release-claims`).
  func renew(_ entry: Entry) throws {
    try db.renewCrawlClaim(entry.id, by: claimant.id)
  }

  /// Gives a page back after expanding it for now (another round, or another worker, goes on).
  func release(_ entry: Entry) throws {
    try db.releaseCrawlPage(entry.id, by: claimant.id)
  }

  /// Gives back every page this worker holds.
  func releaseAll() throws {
    try db.releaseCrawlClaims(by: claimant.id)
  }

  /// Marks an action tried, in the transaction that records the screen it led to (which
  /// renews the claim first).
  func tried(_ entry: Entry, _ action: String) throws {
    try db.markCrawlActionTried(page: entry.id, action: action)
  }

  /// Marks an action tried that recorded nothing (its element was gone), in a transaction of
  /// its own that renews the claim.
  func triedWithoutScreen(_ entry: Entry, _ action: String) throws {
    try db.inTransaction {
      try renew(entry)
      try tried(entry, action)
    }
  }

  func finish(_ entry: Entry) throws {
    try db.finishCrawlPage(entry.id, by: claimant.id)
  }

  func hold(_ entry: Entry) throws {
    try db.holdCrawlPage(entry.id, by: claimant.id)
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
  /// that explore one app from the same launch page number its actions alike, and workers
  /// sharing the graph take each number from it (given in its write transaction).
  mutating func numberActions(_ actions: [String]) throws {
    guard actions.contains(where: { actionNumbers[$0] == nil }) else { return }
    for (action, number) in try db.numberCrawlActions(app: app, actions) {
      if let number = Int(exactly: number) { actionNumbers[action] = number }
    }
  }

  /// Records new action numbers, all or none.
  private mutating func store(_ added: [String: Int]) throws {
    guard !added.isEmpty else { return }
    try db.addCrawlActionNumbers(app: app, added)
    actionNumbers.merge(added) { old, _ in old }
  }
}
