import UIHierarchy

/// A page's compact-HTML lines as 64-bit hashes: all of them in order (for BM25, which counts
/// repetitions) and the distinct set (for Jaccard).
public struct LineHashes: Sendable, Hashable {
  /// Every line's hash, in document order, repetitions included.
  public private(set) var all: [UInt64]
  /// The distinct hashes, sorted.
  public private(set) var distinct: [UInt64]

  /// Hashes each line with 64-bit FNV-1a (stable across runs and platforms).
  public init<Lines: Sequence>(_ lines: Lines) where Lines.Element == String {
    self.init(all: lines.map(Self.hash))
  }

  /// The hashes of the compact-HTML lines of `tree`, hashed where they are rendered (no
  /// `String` made for a line): equal to `LineHashes(CompactHTML(tree).lines)`.
  public init(compactHTMLOf tree: UITree) {
    var all: [UInt64] = []
    all.reserveCapacity(tree.nodes.count / 2)
    CompactHTML.forEachLine(of: tree) { _, utf8 in all.append(FNV1a.hash(utf8)) }
    self.init(all: all)
  }

  /// Rebuilds from stored distinct hashes (e.g. read back from the database).
  public init(distinct: [UInt64], all: [UInt64]? = nil) {
    self.distinct = Self.sortedDistinct(distinct)
    self.all = all ?? self.distinct
  }

  /// From every line's hash, in document order.
  private init(all: [UInt64]) {
    self.all = all
    distinct = Self.sortedDistinct(all)
  }

  /// The distinct values of `hashes`, sorted.
  private static func sortedDistinct(_ hashes: [UInt64]) -> [UInt64] {
    var sorted = hashes
    sorted.sort()
    var kept = 0
    for position in sorted.indices where kept == 0 || sorted[kept - 1] != sorted[position] {
      sorted[kept] = sorted[position]
      kept += 1
    }
    sorted.removeLast(sorted.count - kept)
    return sorted
  }

  /// 64-bit FNV-1a of a line's UTF-8 bytes.
  public static func hash(_ line: String) -> UInt64 { FNV1a.hash(line.utf8) }

  /// Jaccard similarity of the two distinct line sets (1 when both are empty).
  /// - Complexity: O(n + m), a merge of two sorted arrays.
  public func jaccard(_ other: LineHashes) -> Double {
    let a = distinct
    let b = other.distinct
    if a.isEmpty && b.isEmpty { return 1 }
    var i = 0
    var j = 0
    var shared = 0
    while i < a.count && j < b.count {
      if a[i] == b[j] {
        shared += 1
        i += 1
        j += 1
      } else if a[i] < b[j] {
        i += 1
      } else {
        j += 1
      }
    }
    return Double(shared) / Double(a.count + b.count - shared)
  }
}
