/// The Mobile3M page-identity rule and its knobs.
///
/// Two visits show the same page when the Jaccard similarity of their compact-HTML line sets is
/// greater than ``jaccard`` and fewer than ``pixel`` of their screenshots' channel values
/// differ. Candidates are tried in order: the visit's parent page (as in Mobile3M), then pages
/// with exactly the same line set (a cheap hash lookup), then the ``topK`` pages a BM25 index
/// over HTML lines retrieves.
public struct PageIdentityRule: Sendable, Hashable, Codable {
  /// Jaccard similarity must be strictly greater than this (Mobile3M: 0.5).
  public var jaccard: Double
  /// The pixel-difference ratio must be strictly below this (Mobile3M: 0.3).
  public var pixel: Double
  /// How many BM25 candidates to test (the paper: 5; the released crawler used 1).
  public var topK: Int

  /// The rule, with Mobile3M's values by default.
  public init(jaccard: Double = 0.5, pixel: Double = 0.3, topK: Int = 5) {
    self.jaccard = jaccard
    self.pixel = pixel
    self.topK = topK
  }
}
