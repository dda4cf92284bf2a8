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
  public static func find(
    _ tree: UITree, screenshot: RGBAImage?, in db: Database,
    rule: PageIdentityRule = PageIdentityRule()
  ) throws -> Result {
    let lines = LineHashes(CompactHTML(tree).lines)
    var result = Result(matchedBy: PageIdentifier.MatchKind.new.rawValue)
    for row in try db.fetchAll("SELECT id, name FROM app ORDER BY id") {
      guard let app = row[0].int64 else { continue }
      let identifier = try PageIdentifier.load(app: app, from: db, rule: rule)
      let match = identifier.identify(lines, parent: nil) { candidate in
        guard let screenshot,
          let path = try? db.fetchOne(
            "SELECT screenshot_path FROM page WHERE id = ?", [.integer(candidate)])?.first?.string,
          let data = FileManager.default.contents(atPath: path),
          let stored = try? RGBAImage(pngData: [UInt8](data), source: path)
        else { return nil }
        return pixelDifferenceRatio(screenshot, stored)
      }
      if let page = match.page {
        return Result(
          page: page, app: row[1].string, matchedBy: match.kind.rawValue,
          jaccard: match.jaccard, pixelDifference: match.pixelDifference)
      }
      if let closest = identifier.closest(to: lines),
        closest.jaccard > (result.closestJaccard ?? -1)
      {
        result.closestPage = closest.page
        result.closestJaccard = closest.jaccard
      }
    }
    return result
  }
}

extension PageIdentifier {
  /// An identifier that knows every stored page of `app`.
  static func load(app: Int64, from db: Database, rule: PageIdentityRule) throws -> PageIdentifier {
    var identifier = PageIdentifier(rule: rule)
    let select = try db.cachedStatement(
      "SELECT id, line_hashes FROM page WHERE app_id = ? ORDER BY id")
    try select.bind(app, at: 1)
    defer { select.reset() }
    while try select.step() {
      identifier.register(page: select.int64(0), lines: LineHashes(packed: select.blob(1)))
    }
    return identifier
  }
}
