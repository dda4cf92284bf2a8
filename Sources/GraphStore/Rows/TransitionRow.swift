/// A row of `visit_edge`: one recorded transition between two visits.
public struct TransitionRow: Sendable, Hashable {
  /// The source that recorded it.
  public var source: Int64
  /// The visit acted on.
  public var fromVisit: Int64
  /// The visit it led to.
  public var toVisit: Int64
  /// The action.
  public var action: Int64
  /// The element acted on, when known.
  public var element: Int64?
  /// The point touched, in screen pixels.
  public var x: Int64?
  /// The point touched, in screen pixels.
  public var y: Int64?
  /// Whether the action left the page unchanged.
  public var selfLoop: Bool

  /// A transition row.
  public init(
    source: Int64, fromVisit: Int64, toVisit: Int64, action: Int64, element: Int64?,
    x: Int64?, y: Int64?, selfLoop: Bool
  ) {
    self.source = source
    self.fromVisit = fromVisit
    self.toVisit = toVisit
    self.action = action
    self.element = element
    self.x = x
    self.y = y
    self.selfLoop = selfLoop
  }
}
