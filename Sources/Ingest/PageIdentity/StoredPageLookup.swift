import Foundation
import GraphStore
import Screenshots
import UIHierarchy

/// Finds the stored unique page an XML dump shows, with the rule ingest uses: same line set or
/// a BM25 top-k candidate, Jaccard above the threshold and, when a screenshot is given and the
/// page has one, pixel difference below it.
public enum StoredPageLookup {
  /// The answer for one dump.
  public struct Result: Sendable, Codable, Hashable {
    /// The page it shows; nil when no stored page passes the rule.
    public var page: Int64?
    /// The app of that page.
    public var app: String?
    /// How it matched (`exact` or `retrieved`), or `new` when nothing did.
    public var matchedBy: String
    /// Jaccard similarity with the page.
    public var jaccard: Double?
    /// Pixel-difference ratio with the page's screenshot, when both were there.
    public var pixelDifference: Double?
    /// When nothing matched: the most similar stored page and its Jaccard similarity.
    public var closestPage: Int64?
    /// Jaccard similarity with `closestPage`.
    public var closestJaccard: Double?
  }

  /// Looks `tree` (and `screenshot`, when given) up among every app's stored pages.
  ///
  /// Candidates are found without loading the graph: pages with the same line set (an index),
  /// then the pages sharing the most texts with the screen (the FTS index over element texts),
  /// the rule's top-k of them. Each candidate passes or fails the ingest rule (Jaccard of the
  /// line sets above the threshold; pixel difference below it when both screenshots exist).
  public static func find(
    _ tree: UITree, screenshot: RGBAImage?, in db: Database,
    rule: PageIdentityRule = PageIdentityRule()
  ) throws -> Result {
    let lines = LineHashes(CompactHTML(tree).lines)
    var result = Result(matchedBy: PageIdentifier.MatchKind.new.rawValue)
    var tried: Set<Int64> = []
    func test(_ page: Int64, kind: PageIdentifier.MatchKind) throws -> Result? {
      guard tried.insert(page).inserted, let stored = try db.storedPageLines(page) else {
        return nil
      }
      let similarity = lines.jaccard(LineHashes(packed: stored.lineHashes))
      if similarity > (result.closestJaccard ?? -1) {
        result.closestPage = page
        result.closestJaccard = similarity
      }
      guard similarity > rule.jaccard else { return nil }
      var difference: Double?
      if let screenshot, let path = stored.screenshotPath,
        let data = FileManager.default.contents(atPath: path),
        let stored = try? RGBAImage(imageData: [UInt8](data), source: path)
      {
        difference = pixelDifferenceRatio(screenshot, stored)
        if let difference, !(difference < rule.pixel) { return nil }
      }
      return Result(
        page: page, app: stored.app, matchedBy: kind.rawValue, jaccard: similarity,
        pixelDifference: difference)
    }
    let setHash = Int64(bitPattern: PageIdentifier.setHash(lines))
    for page in try db.pages(withLineSetHash: setHash, limit: 20) {
      if let match = try test(page, kind: .exact) { return match }
    }
    for page in try textCandidates(tree, in: db, limit: rule.topK) {
      if let match = try test(page, kind: .retrieved) { return match }
    }
    return result
  }

  /// The pages whose elements share the most of the screen's texts (up to 24 distinct texts of
  /// three characters or more, matched whole through the FTS index).
  static func textCandidates(_ tree: UITree, in db: Database, limit: Int) throws -> [Int64] {
    var texts: [String] = []
    for node in tree.nodes {
      for text in [node.text, node.contentDescription]
      where text.unicodeScalars.count >= 3 && !texts.contains(text) {
        texts.append(text)
      }
      if texts.count >= 24 { break }
    }
    return try db.pages(sharingTexts: texts, limit: limit)
  }
}
