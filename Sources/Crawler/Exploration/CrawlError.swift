/// A crawl that cannot go on as asked: which page or option, and why.
public struct CrawlError: Error, CustomStringConvertible, Sendable {
  /// The page, option or database concerned.
  public var subject: String
  /// What is wrong, and what to do.
  public var reason: String

  /// An error from its parts.
  public init(subject: String, reason: String) {
    self.subject = subject
    self.reason = reason
  }

  public var description: String { "\(subject): \(reason)" }
}
