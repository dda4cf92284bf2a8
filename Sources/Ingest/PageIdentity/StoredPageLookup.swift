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
      guard tried.insert(page).inserted,
        let row = try db.fetchOne(
          """
          SELECT page.line_hashes, page.screenshot_path, app.name FROM page
          JOIN app ON app.id = page.app_id WHERE page.id = ?
          """, [.integer(page)]),
        case .blob(let packed) = row[0]
      else { return nil }
      let similarity = lines.jaccard(LineHashes(packed: packed))
      if similarity > (result.closestJaccard ?? -1) {
        result.closestPage = page
        result.closestJaccard = similarity
      }
      guard similarity > rule.jaccard else { return nil }
      var difference: Double?
      if let screenshot, let path = row[1].string,
        let data = FileManager.default.contents(atPath: path),
        let stored = try? RGBAImage(imageData: [UInt8](data), source: path)
      {
        difference = pixelDifferenceRatio(screenshot, stored)
        if let difference, !(difference < rule.pixel) { return nil }
      }
      return Result(
        page: page, app: row[2].string, matchedBy: kind.rawValue, jaccard: similarity,
        pixelDifference: difference)
    }
    let setHash = Int64(bitPattern: PageIdentifier.setHash(lines))
    for row in try db.fetchAll(
      "SELECT id FROM page WHERE line_set_hash = ? ORDER BY id LIMIT 20", [.integer(setHash)])
    {
      if let page = row.first?.int64, let match = try test(page, kind: .exact) { return match }
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
    guard !texts.isEmpty else { return [] }
    let query = texts.map {
      "\""
        + $0.split(separator: "\"", omittingEmptySubsequences: false)
        .joined(separator: "\"\"") + "\""
    }.joined(separator: " OR ")
    return try db.fetchAll(
      """
      SELECT el.page_id FROM element_text JOIN element el ON el.id = element_text.rowid
      WHERE element_text MATCH ? AND (el.text IN (SELECT value FROM json_each(?))
        OR el.content_desc IN (SELECT value FROM json_each(?)))
      GROUP BY el.page_id ORDER BY count(*) DESC, el.page_id LIMIT ?
      """,
      [
        .text(query), .text(jsonArray(texts)), .text(jsonArray(texts)), .integer(Int64(limit)),
      ]
    ).compactMap { $0.first?.int64 }
  }

  static func jsonArray(_ texts: [String]) -> String {
    "[" + texts.map(JSONText.string).joined(separator: ",") + "]"
  }
}
