/// Where a path search reads a page's neighbours in the unique-page graph.
///
/// Both directions are needed: the search grows from both ends (bidirectional BFS).
/// Neighbour lists are sorted, so that equal-length answers come out in a stable order.
protocol PageAdjacency {
  /// Pages one non-self-loop action away from `page`, ascending.
  mutating func successors(of page: Int64) throws -> [Int64]
  /// Pages with a non-self-loop action to `page`, ascending.
  mutating func predecessors(of page: Int64) throws -> [Int64]
}

/// A page-to-page hop, whatever action made it.
struct PageHop: Hashable {
  var from: Int64
  var to: Int64
}

/// Neighbours read from the `edge` table, each page's lists read once per search.
struct DatabaseAdjacency: PageAdjacency {
  let db: Database
  private var forward: [Int64: [Int64]] = [:]
  private var backward: [Int64: [Int64]] = [:]

  init(_ db: Database) { self.db = db }

  mutating func successors(of page: Int64) throws -> [Int64] {
    if let known = forward[page] { return known }
    let pages = try read(
      "SELECT DISTINCT to_page FROM edge WHERE from_page = ? AND self_loop = 0 ORDER BY to_page",
      page)
    forward[page] = pages
    return pages
  }

  mutating func predecessors(of page: Int64) throws -> [Int64] {
    if let known = backward[page] { return known }
    let pages = try read(
      "SELECT DISTINCT from_page FROM edge WHERE to_page = ? AND self_loop = 0 ORDER BY from_page",
      page)
    backward[page] = pages
    return pages
  }

  private func read(_ sql: String, _ page: Int64) throws -> [Int64] {
    let statement = try db.cachedStatement(sql)
    try statement.bind(page, at: 1)
    defer { statement.reset() }
    var pages: [Int64] = []
    while try statement.step() { pages.append(statement.int64(0)) }
    return pages
  }
}

/// An adjacency held in memory (tests, and graphs built by hand).
struct MemoryAdjacency: PageAdjacency {
  var forward: [Int64: [Int64]] = [:]
  var backward: [Int64: [Int64]] = [:]

  init(hops: [PageHop]) {
    for hop in Set(hops) where hop.from != hop.to {
      forward[hop.from, default: []].append(hop.to)
      backward[hop.to, default: []].append(hop.from)
    }
    for key in forward.keys { forward[key]!.sort() }
    for key in backward.keys { backward[key]!.sort() }
  }

  func successors(of page: Int64) -> [Int64] { forward[page] ?? [] }
  func predecessors(of page: Int64) -> [Int64] { backward[page] ?? [] }
}
