/// One recorded action out of a unique page: what it was, on which element, and where it led
/// (a row of `edge`, self-loops included, with its action and element).
public struct RecordedTransition: Sendable, Codable, Hashable {
  /// The page the action was taken on.
  public var fromPage: Int64
  /// The page it led to (the same page for a self-loop).
  public var toPage: Int64
  /// The action's type (`click`, `long_press`, `scroll`, `input`, `back`, `home`, `enter`, or
  /// what the source called it).
  public var actionType: String
  /// Text typed, for input actions.
  public var text: String?
  /// Scroll direction as the finger moves, when recorded.
  public var direction: String?
  /// The Mobile3M action string, when known.
  public var mobile3M: String?
  /// The element acted on (bounds in the page's screen pixels), when known.
  public var element: ElementSummary?
  /// Where the finger went down, in screen pixels, for actions recorded without an element.
  public var x: Int?
  /// See ``x``.
  public var y: Int?
  /// How many times this action led from `fromPage` to `toPage`.
  public var count: Int
}
