/// Shortest and k-shortest loopless page paths over a ``PageAdjacency``.
///
/// One path: bidirectional breadth-first search, each round growing the smaller frontier by a
/// whole level, so a query touches about the square root of the pages a one-sided search would.
/// k paths: Yen's algorithm, each spur path found by the same search with the root path's pages
/// and the already-used hops taken out. Hops have unit length (one action each); ties are broken
/// by the page sequence, so answers are stable.
struct ShortestPathSearch<Adjacency: PageAdjacency> {
  var adjacency: Adjacency

  /// Up to `k` loopless paths from `source` to `target`, shortest first.
  mutating func paths(from source: Int64, to target: Int64, k: Int) throws -> [[Int64]] {
    guard k > 0, let first = try shortest(from: source, to: target) else { return [] }
    var accepted = [first]
    var candidates: [[Int64]] = []
    while accepted.count < k {
      let previous = accepted[accepted.count - 1]
      for spurIndex in 0..<(previous.count - 1) {
        let root = Array(previous[...spurIndex])
        var bannedHops: Set<PageHop> = []
        for path in accepted where path.count > spurIndex + 1 && Array(path[...spurIndex]) == root {
          bannedHops.insert(PageHop(from: path[spurIndex], to: path[spurIndex + 1]))
        }
        let bannedPages = Set(root.dropLast())
        guard
          let spur = try shortest(
            from: previous[spurIndex], to: target, avoidingPages: bannedPages,
            avoidingHops: bannedHops)
        else { continue }
        let candidate = root + spur.dropFirst()
        if !candidates.contains(candidate) && !accepted.contains(candidate) {
          candidates.append(candidate)
        }
      }
      guard !candidates.isEmpty else { break }
      let best = candidates.indices.min { Self.precedes(candidates[$0], candidates[$1]) }!
      accepted.append(candidates.remove(at: best))
    }
    return accepted
  }

  /// Shorter first, then by page ids.
  static func precedes(_ a: [Int64], _ b: [Int64]) -> Bool {
    a.count != b.count ? a.count < b.count : a.lexicographicallyPrecedes(b)
  }

  /// One shortest path, or nil when `target` cannot be reached.
  mutating func shortest(
    from source: Int64, to target: Int64, avoidingPages bannedPages: Set<Int64> = [],
    avoidingHops bannedHops: Set<PageHop> = []
  ) throws -> [Int64]? {
    if source == target { return [source] }
    // page → (the page it was reached from, distance from that side's start)
    var forward: [Int64: (via: Int64, distance: Int)] = [source: (source, 0)]
    var backward: [Int64: (via: Int64, distance: Int)] = [target: (target, 0)]
    var forwardFrontier = [source]
    var backwardFrontier = [target]
    while !forwardFrontier.isEmpty && !backwardFrontier.isEmpty {
      var meetings: [Int64] = []
      if forwardFrontier.count <= backwardFrontier.count {
        var next: [Int64] = []
        try adjacency.readAheadSuccessors(of: forwardFrontier)
        for page in forwardFrontier {
          let distance = forward[page]!.distance + 1
          for neighbour in try adjacency.successors(of: page)
          where forward[neighbour] == nil && !bannedPages.contains(neighbour)
            && !bannedHops.contains(PageHop(from: page, to: neighbour))
          {
            forward[neighbour] = (page, distance)
            next.append(neighbour)
            if backward[neighbour] != nil { meetings.append(neighbour) }
          }
        }
        forwardFrontier = next
      } else {
        var next: [Int64] = []
        try adjacency.readAheadPredecessors(of: backwardFrontier)
        for page in backwardFrontier {
          let distance = backward[page]!.distance + 1
          for neighbour in try adjacency.predecessors(of: page)
          where backward[neighbour] == nil && !bannedPages.contains(neighbour)
            && !bannedHops.contains(PageHop(from: neighbour, to: page))
          {
            backward[neighbour] = (page, distance)
            next.append(neighbour)
            if forward[neighbour] != nil { meetings.append(neighbour) }
          }
        }
        backwardFrontier = next
      }
      guard !meetings.isEmpty else { continue }
      let meeting = meetings.min {
        forward[$0]!.distance + backward[$0]!.distance
          < forward[$1]!.distance + backward[$1]!.distance
      }!
      var path = [meeting]
      var page = meeting
      while page != source {
        page = forward[page]!.via
        path.append(page)
      }
      path.reverse()
      page = meeting
      while page != target {
        page = backward[page]!.via
        path.append(page)
      }
      return path
    }
    return nil
  }
}
