/// Where a path search reads a page's neighbours in the unique-page graph.
///
/// Both directions are needed: the search grows from both ends (bidirectional BFS).
/// Neighbour lists are sorted, so that equal-length answers come out in a stable order.
protocol PageAdjacency {
  /// Pages one non-self-loop action away from `page`, ascending.
  mutating func successors(of page: Int64) throws -> [Int64]
  /// Pages with a non-self-loop action to `page`, ascending.
  mutating func predecessors(of page: Int64) throws -> [Int64]
  /// Reads ahead the successors of `pages`, a frontier the search is about to grow.
  mutating func readAheadSuccessors(of pages: [Int64]) throws
  /// Reads ahead the predecessors of `pages`, a frontier the search is about to grow.
  mutating func readAheadPredecessors(of pages: [Int64]) throws
}

extension PageAdjacency {
  mutating func readAheadSuccessors(of pages: [Int64]) throws {}
  mutating func readAheadPredecessors(of pages: [Int64]) throws {}
}

/// A page-to-page hop, whatever action made it.
struct PageHop: Hashable {
  var from: Int64
  var to: Int64
}

/// Neighbours read from the `edge` table, each page's lists read once per search, by one
/// statement a direction; a frontier's lists are read ahead a batch of pages to a statement (on
/// PostgreSQL each statement is a round trip to the server, and a k-path search grows
/// thousands of pages).
struct DatabaseAdjacency: PageAdjacency {
  /// Pages read ahead by one statement.
  static let readAheadBatch = 64

  let db: Database
  private var forward: [Int64: [Int64]] = [:]
  private var backward: [Int64: [Int64]] = [:]

  init(_ db: Database) { self.db = db }

  mutating func successors(of page: Int64) throws -> [Int64] {
    try readAheadSuccessors(of: [page])
    return forward[page] ?? []
  }

  mutating func predecessors(of page: Int64) throws -> [Int64] {
    try readAheadPredecessors(of: [page])
    return backward[page] ?? []
  }

  mutating func readAheadSuccessors(of pages: [Int64]) throws {
    try readAhead(
      pages.filter { forward[$0] == nil }, by: "from_page", of: "to_page", into: &forward)
  }

  mutating func readAheadPredecessors(of pages: [Int64]) throws {
    try readAhead(
      pages.filter { backward[$0] == nil }, by: "to_page", of: "from_page", into: &backward)
  }

  /// Reads the `neighbour` lists of `pages` by `key`, ``readAheadBatch`` pages to a statement
  /// (a short last batch repeats its first page, so one statement serves every batch).
  private func readAhead(
    _ pages: [Int64], by key: String, of neighbour: String, into lists: inout [Int64: [Int64]]
  ) throws {
    guard !pages.isEmpty else { return }
    let batch = Self.readAheadBatch
    let placeholders = Array(repeating: "?", count: batch).joined(separator: ", ")
    let statement = try db.cachedStatement(
      """
      SELECT DISTINCT \(key), \(neighbour) FROM edge
      WHERE \(key) IN (\(placeholders)) AND self_loop = 0 ORDER BY \(key), \(neighbour)
      """)
    for start in stride(from: 0, to: pages.count, by: batch) {
      let chunk = pages[start..<min(start + batch, pages.count)]
      for slot in 0..<batch {
        try statement.bind(
          slot < chunk.count ? chunk[start + slot] : chunk[start], at: Int32(slot + 1))
      }
      defer { statement.reset() }
      for page in chunk { lists[page] = [] }
      while try statement.step() {
        lists[statement.int64(0), default: []].append(statement.int64(1))
      }
    }
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
