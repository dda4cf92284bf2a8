import GraphStore
import UIHierarchy

/// Decides, for each new visit, which known unique page it shows, or that it is a new one.
///
/// One identifier serves one app. It keeps, per unique page, only the line hashes and the line
/// set's hash (no screenshots): pixels are asked for through a closure, and only when a
/// candidate passes the Jaccard test, so screenshots are decoded only when needed.
///
/// ```swift
/// var identifier = PageIdentifier(rule: PageIdentityRule())
/// let match = identifier.identify(lines, parent: parentPage) { candidate in
///   pixelDifference(newScreenshot, screenshot(of: candidate))
/// }
/// if match.page == nil { identifier.register(page: newID, lines: lines) }
/// ```
public struct PageIdentifier: Sendable {
  /// How a visit was matched.
  public enum MatchKind: String, Sendable, Codable {
    /// Same line set as a known page (and the pixel test passed).
    case exact
    /// The page the action started from: the action changed nothing visible (a self-loop).
    case parent
    /// One of the BM25 top-k candidates.
    case retrieved
    /// No candidate passed: a new unique page.
    case new
  }

  /// The outcome for one visit.
  public struct Match: Sendable, Hashable {
    /// The unique page it shows; nil when it is new.
    public var page: Int64?
    /// Which rule found it.
    public var kind: MatchKind
    /// Jaccard similarity with the matched page (nil when new).
    public var jaccard: Double?
    /// Pixel-difference ratio with the matched page, when screenshots were compared.
    public var pixelDifference: Double?
  }

  /// The thresholds and k.
  public let rule: PageIdentityRule
  private var index = BM25Index()
  private var linesByPage: [Int64: LineHashes] = [:]
  private var pagesBySetHash: [UInt64: [Int64]] = [:]

  /// An identifier that knows no page yet.
  public init(rule: PageIdentityRule) {
    self.rule = rule
  }

  /// The number of unique pages known.
  public var count: Int { linesByPage.count }

  /// About how many bytes of memory the identifier holds (its pages' line hashes, the set-hash
  /// lists, the BM25 postings), for keeping identifiers within a byte budget.
  public private(set) var approximateBytes = 0

  /// A page's share of ``approximateBytes``, an estimate from the structures' layout: its line
  /// hashes (all, and the distinct set: 8 bytes each), a BM25 posting with its share of the
  /// postings table per distinct line (about 48 bytes), and the arrays' headers and maps' entries.
  static func approximateBytes(of lines: LineHashes) -> Int {
    8 * lines.all.count + 56 * lines.distinct.count + 256
  }

  /// Makes a unique page known (new pages, or pages loaded back when an ingest resumes).
  public mutating func register(page: Int64, lines: LineHashes) {
    guard linesByPage[page] == nil else { return }
    linesByPage[page] = lines
    approximateBytes += Self.approximateBytes(of: lines)
    pagesBySetHash[Self.setHash(lines), default: []].append(page)
    index.add(page: page, lines: lines)
  }

  /// Finds the unique page a visit shows.
  /// - Parameters:
  ///   - lines: the visit's compact-HTML line hashes.
  ///   - parent: the unique page the action started from, when known.
  ///   - pixelDifference: the pixel-difference ratio between the visit's screenshot and a
  ///     candidate page's, or nil when either screenshot is missing (the pixel test is then
  ///     skipped and Jaccard decides alone).
  public func identify(
    _ lines: LineHashes, parent: Int64?, pixelDifference: (Int64) -> Double?
  ) -> Match {
    var tried: Set<Int64> = []
    func test(_ candidate: Int64, kind: MatchKind) -> Match? {
      guard tried.insert(candidate).inserted, let known = linesByPage[candidate] else {
        return nil
      }
      let similarity = lines.jaccard(known)
      guard similarity > rule.jaccard else { return nil }
      let difference = pixelDifference(candidate)
      if let difference, !(difference < rule.pixel) { return nil }
      return Match(page: candidate, kind: kind, jaccard: similarity, pixelDifference: difference)
    }
    // The parent first, as in Mobile3M: an action that changed nothing is a self-loop even when
    // another page with the same line set would pass too.
    if let parent, let match = test(parent, kind: .parent) { return match }
    for candidate in pagesBySetHash[Self.setHash(lines)] ?? [] {
      if let match = test(candidate, kind: .exact) { return match }
    }
    for (candidate, _) in index.top(rule.topK, for: lines) {
      if let match = test(candidate, kind: .retrieved) { return match }
    }
    return Match(page: nil, kind: .new, jaccard: nil, pixelDifference: nil)
  }

  /// The hash of a distinct line set (FNV-1a over the sorted line hashes).
  public static func setHash(_ lines: LineHashes) -> UInt64 {
    var hasher = FNV1a()
    for line in lines.distinct { hasher.combine(line) }
    return hasher.value
  }
}

extension PageIdentifier {
  /// An identifier that knows every stored page of `app`.
  static func load(app: Int64, from db: Database, rule: PageIdentityRule) throws -> PageIdentifier {
    var identifier = PageIdentifier(rule: rule)
    try db.forEachPageLineHashes(app: app) { page, packed in
      identifier.register(page: page, lines: LineHashes(packed: packed))
    }
    return identifier
  }
}
