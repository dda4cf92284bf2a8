/// A query that cannot be answered from this graph: an unknown app or page, or a database
/// written before the feature existed.
public struct GraphQueryError: Error, CustomStringConvertible, Sendable {
  /// The database file.
  public var path: String
  /// What is wrong, in words.
  public var reason: String

  /// An error from its parts.
  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { "\(path): \(reason)" }
}
