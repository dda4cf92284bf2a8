/// A sequence of actions from one unique page to another, replayable on a device.
public struct ActionPath: Sendable, Codable, Hashable {
  /// The pages visited, first to last (`steps.count + 1` of them).
  public var pages: [Int64]
  /// One action per hop.
  public var steps: [PathStep]

  /// The number of actions.
  public var length: Int { steps.count }
}

/// One hop of an ``ActionPath``: the most-recorded action that led from `fromPage` to `toPage`.
public struct PathStep: Sendable, Codable, Hashable {
  /// The page the action is taken on.
  public var fromPage: Int64
  /// A name of that page.
  public var fromName: String?
  /// The page it leads to.
  public var toPage: Int64
  /// The action's type (`click`, `scroll`, `input`, …).
  public var actionType: String
  /// The Mobile3M action string, when known.
  public var mobile3M: String?
  /// Text typed, for input actions.
  public var text: String?
  /// Scroll or swipe direction, when the action has one.
  public var direction: String?
  /// The element acted on, when known; its bounds' centre is where to tap.
  public var element: ElementSummary?
  /// Recorded transitions by this action between the two pages.
  public var count: Int
}
