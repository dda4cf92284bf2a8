/// One recorded action out of a unique page: what it was, on which element, and where it led
/// (a row of `edge`, self-loops included, with its action and element). Its JSON form (the
/// API's `RecordedTransition`) leaves out ``actionID`` and ``actedElement``.
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
  /// The action's row id.
  public var actionID: Int64 = 0
  /// The element acted on with its place in the page's dump, when known.
  public var actedElement: ActedElement?

  /// The action as the graph stores it.
  public var recordedAction: RecordedAction {
    RecordedAction(type: actionType, mobile3MString: mobile3M, text: text, direction: direction)
  }

  /// Orders transitions by their action's id, then their destination.
  public static func byActionAndDestination(_ a: RecordedTransition, _ b: RecordedTransition)
    -> Bool
  {
    (a.actionID, a.toPage) < (b.actionID, b.toPage)
  }

  enum CodingKeys: String, CodingKey {
    case fromPage, toPage, actionType, text, direction, mobile3M, element, x, y, count
  }
}
