import Foundation

/// An incremental BM25 index over pages whose tokens are whole compact-HTML lines, as in the
/// Mobile3M crawler (k1 = 1.5, b = 0.75, idf = ln((N − df + 0.5) / (df + 0.5) + 1)).
///
/// Unlike the original (`BM25.appendItem` never made new pages retrievable), every page added
/// is retrievable at once.
///
/// ```swift
/// var index = BM25Index()
/// index.add(page: 7, lines: LineHashes(html.lines))
/// index.top(3, for: LineHashes(other.lines))  // [(page: 7, score: …)]
/// ```
/// - Complexity: `add` is O(lines); `top` is O(Σ posting-list lengths of the query's lines).
public struct BM25Index: Sendable {
  /// BM25's term-frequency saturation.
  public var k1 = 1.5
  /// BM25's length normalisation.
  public var b = 0.75

  private var pages: [Int64] = []
  private var lengths: [Int32] = []
  private var totalLength = 0
  /// line hash → (page position, term frequency) for every page holding the line.
  private var postings: [UInt64: [(position: Int32, frequency: Int32)]] = [:]

  /// An empty index.
  public init() {}

  /// The number of pages indexed.
  public var count: Int { pages.count }

  /// Adds a page; its lines are counted with repetition (document length = number of lines).
  public mutating func add(page: Int64, lines: LineHashes) {
    let position = Int32(pages.count)
    pages.append(page)
    lengths.append(Int32(lines.all.count))
    totalLength += lines.all.count
    var frequencies: [UInt64: Int32] = [:]
    for line in lines.all { frequencies[line, default: 0] += 1 }
    for (line, frequency) in frequencies {
      postings[line, default: []].append((position, frequency))
    }
  }

  /// The `k` best-scoring pages for a query page (its lines, with repetition), best first;
  /// pages that share no line are not returned. Ties keep the earlier page first.
  public func top(_ k: Int, for query: LineHashes) -> [(page: Int64, score: Double)] {
    guard k > 0, !pages.isEmpty else { return [] }
    let n = Double(pages.count)
    let averageLength = Double(totalLength) / n
    var scores: [Int32: Double] = [:]
    for line in query.all {
      guard let posting = postings[line] else { continue }
      let df = Double(posting.count)
      let idf = log((n - df + 0.5) / (df + 0.5) + 1)
      for (position, frequency) in posting {
        let tf = Double(frequency)
        let norm = k1 * (1 - b + b * Double(lengths[Int(position)]) / averageLength)
        scores[position, default: 0] += idf * tf * (k1 + 1) / (tf + norm)
      }
    }
    let ranked = scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    return ranked.prefix(k).map { (pages[Int($0.key)], $0.value) }
  }
}
