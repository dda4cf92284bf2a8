import Geometry
import Testing

@testable import GraphStore

@Suite("Shortest and k-shortest page paths")
struct ShortestPathSearchTests {
  /// 1→2→6, 1→3→6, 1→2→3→6, 1→4→5→6; 6→1 closes a cycle; 3→3 is a self-loop; 7→1 only.
  let hops: [PageHop] = [
    (1, 2), (2, 6), (1, 3), (3, 6), (1, 4), (4, 5), (5, 6), (2, 3), (6, 1), (3, 3), (7, 1),
  ].map { PageHop(from: $0.0, to: $0.1) }

  func search(_ hops: [PageHop]) -> ShortestPathSearch<MemoryAdjacency> {
    ShortestPathSearch(adjacency: MemoryAdjacency(hops: hops))
  }

  @Test("every loopless path, shortest first, equal lengths by page id")
  func allPaths() throws {
    var search = search(hops)
    #expect(try search.paths(from: 1, to: 6, k: 1) == [[1, 2, 6]])
    #expect(
      try search.paths(from: 1, to: 6, k: 10) == [
        [1, 2, 6], [1, 3, 6], [1, 2, 3, 6], [1, 4, 5, 6],
      ])
  }

  @Test("unreachable pages give no path; a page reaches itself in zero actions")
  func unreachable() throws {
    var search = search(hops)
    #expect(try search.paths(from: 1, to: 7, k: 3).isEmpty)
    #expect(try search.paths(from: 6, to: 7, k: 1).isEmpty)
    #expect(try search.paths(from: 7, to: 6, k: 1) == [[7, 1, 2, 6]])
    #expect(try search.paths(from: 5, to: 5, k: 3) == [[5]])
    #expect(try search.paths(from: 42, to: 6, k: 1).isEmpty)
  }

  @Test("cycles are followed but never looped; self-loops are not steps")
  func cycles() throws {
    var search = search(hops)
    // 6 → 1 → … → 5 must go round the cycle once.
    #expect(try search.paths(from: 6, to: 5, k: 3) == [[6, 1, 4, 5]])
    #expect(try search.paths(from: 3, to: 2, k: 3) == [[3, 6, 1, 2]])
  }

  @Test("banned pages and hops are avoided")
  func bans() throws {
    var search = search(hops)
    #expect(try search.shortest(from: 1, to: 6, avoidingPages: [2, 3]) == [1, 4, 5, 6])
    #expect(
      try search.shortest(
        from: 1, to: 6, avoidingHops: [PageHop(from: 2, to: 6), PageHop(from: 3, to: 6)])
        == [1, 4, 5, 6])
  }

  @Test("on random graphs, the k paths are the k shortest simple paths (brute force)")
  func matchesBruteForce() throws {
    var generator = SeededGenerator(seed: 7)
    for _ in 0..<60 {
      let pages = Int64(3 + generator.next() % 7)
      var random: [PageHop] = []
      for _ in 0..<(pages * 2) {
        random.append(
          PageHop(
            from: Int64(generator.next() % UInt64(pages)),
            to: Int64(generator.next() % UInt64(pages))))
      }
      let adjacency = MemoryAdjacency(hops: random)
      let source = Int64(generator.next() % UInt64(pages))
      let target = Int64(generator.next() % UInt64(pages))
      guard source != target else { continue }
      let all = simplePaths(adjacency, from: source, to: target)
      var search = ShortestPathSearch(adjacency: adjacency)
      let found = try search.paths(from: source, to: target, k: 4)
      #expect(found.count == min(4, all.count))
      #expect(found.map(\.count) == Array(all.map(\.count).sorted().prefix(4)))
      #expect(Set(found).count == found.count)
      for path in found {
        #expect(all.contains(path), "not a simple path of the graph: \(path)")
      }
    }
  }

  /// Every simple path by depth-first search.
  func simplePaths(_ adjacency: MemoryAdjacency, from source: Int64, to target: Int64)
    -> [[Int64]]
  {
    var found: [[Int64]] = []
    func walk(_ path: [Int64]) {
      let last = path[path.count - 1]
      if last == target {
        found.append(path)
        return
      }
      for next in adjacency.successors(of: last) where !path.contains(next) { walk(path + [next]) }
    }
    walk([source])
    return found
  }
}
