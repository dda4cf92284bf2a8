/// A row of `edge`: an action from one unique page to another, with how often it was seen.
public struct EdgeRow: Sendable, Hashable {
  /// The page acted on.
  public var fromPage: Int64
  /// The action.
  public var action: Int64
  /// The page it led to.
  public var toPage: Int64
  /// The element acted on, when known.
  public var element: Int64?
  /// Times seen.
  public var count: Int64
  /// Whether the action left the page unchanged.
  public var selfLoop: Bool

  /// An edge row.
  public init(
    fromPage: Int64, action: Int64, toPage: Int64, element: Int64?, count: Int64 = 1,
    selfLoop: Bool
  ) {
    self.fromPage = fromPage
    self.action = action
    self.toPage = toPage
    self.element = element
    self.count = count
    self.selfLoop = selfLoop
  }
}
