/// A frontier page a crawl worker holds (`crawl_page.claimed_by`), as `m3m crawl --claims`
/// lists it.
public struct CrawlClaim: Sendable, Hashable {
  /// The worker (a ``CrawlClaimant`` id).
  public var worker: String
  /// The app crawled.
  public var app: String
  /// The page's name (`notes0_2`).
  public var page: String
  /// When the worker claimed the page or last wrote for it (Unix seconds by its clock); nil
  /// for a claim made before version 10 of the schema.
  public var lastProgress: Int64?

  /// A claim.
  public init(worker: String, app: String, page: String, lastProgress: Int64?) {
    self.worker = worker
    self.app = app
    self.page = page
    self.lastProgress = lastProgress
  }
}

/// A crawl worker's write for a frontier page it no longer holds: an operator released its
/// claims (`m3m crawl --release-claims`) while it was stopped or hung, and another worker may
/// have taken the page over. The write's transaction is rolled back: nothing of it is kept.
public struct CrawlClaimLost: Error, CustomStringConvertible, Sendable {
  /// The app crawled.
  public var app: String
  /// The page's name.
  public var page: String
  /// The worker that wrote.
  public var worker: String
  /// The worker holding the page now, nil when none.
  public var holder: String?

  public var description: String {
    "crawl page \(page) of \(app) is no longer claimed by this worker (\(worker)): its claims "
      + "were released (m3m crawl --release-claims)"
      + (holder.map { " and \($0) holds it now" } ?? "") + "; the write was discarded"
  }
}
