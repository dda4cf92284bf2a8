/// An action as the graph stores it (a row of `action`, without its key).
public struct RecordedAction: Sendable, Hashable {
  /// `click`, `input`, `scroll`, … (the `action.type` spelling).
  public var type: String
  /// The original crawler's action string, for Mobile3M sources.
  public var mobile3MString: String?
  /// The typed text, for inputs.
  public var text: String?
  /// The direction, for scrolls.
  public var direction: String?

  /// A recorded action.
  public init(type: String, mobile3MString: String?, text: String?, direction: String?) {
    self.type = type
    self.mobile3MString = mobile3MString
    self.text = text
    self.direction = direction
  }
}

extension Row {
  /// The action columns ``recordedAction()`` reads, for a query joining `action a`.
  static let recordedActionColumns = """
    a.type AS action_type, a.mobile3m AS mobile3m, a.text AS action_text,
    a.direction AS direction
    """

  /// The action of ``recordedActionColumns``.
  func recordedAction() -> RecordedAction {
    RecordedAction(
      type: self["action_type"].string ?? "", mobile3MString: self["mobile3m"].string,
      text: self["action_text"].string, direction: self["direction"].string)
  }
}
