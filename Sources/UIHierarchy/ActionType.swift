import Geometry

/// The kinds of action a person or a crawler takes on a screen: the one vocabulary every module
/// uses (traces, the graph, corpora, model answers, the agent, the crawler).
///
/// The raw value is the spelling m3m records in its graph and trace folders (Mobile3M's `click`,
/// `scroll`, `input`, and `long_press`, `back`, `home`, `enter`). Other spellings live at the
/// edges: ``init(spelling:)`` reads every spelling a source or a model uses (`tap`, `swipe`,
/// `type`, `long_click`, …), and the agent's benchmark names (`tap`, `press_back`, …) are
/// `CanonicalAction.Kind`, mapped from this type in one place.
///
/// It lives in UIHierarchy, beside ``PageAction``: every module that speaks of actions
/// (Ingest, Tasks, Models, Agent, Crawler, SyntheticApps) already depends on it, while Geometry
/// holds only pixel geometry and GraphStore stores the raw value as text.
public enum ActionType: String, Sendable, Hashable, Codable, CaseIterable {
  /// Tap an element or a point.
  case click
  /// Touch and hold.
  case longPress = "long_press"
  /// Swipe (the finger's direction, ``SwipeDirection``).
  case scroll
  /// Type text (into the focused or the tapped field).
  case input
  /// The system back key.
  case back
  /// The system home key.
  case home
  /// The keyboard's enter key.
  case enter

  /// The type a source's or a model's spelling names: the raw values, and `tap`,
  /// `long_click`, `swipe`, `type`, `text` (case-insensitive); nil for anything else.
  public init?(spelling: String) {
    switch spelling.lowercased() {
    case "click", "tap": self = .click
    case "long_press", "long_click": self = .longPress
    case "scroll", "swipe": self = .scroll
    case "input", "type", "text": self = .input
    case "back": self = .back
    case "home": self = .home
    case "enter": self = .enter
    default: return nil
    }
  }

}

/// Which way the finger moves during a swipe: `up` means the finger moves up the screen (the
/// content follows it up, revealing what is below), as Mobile3M, AITW and AitZ name it.
public enum SwipeDirection: String, Sendable, Hashable, Codable, CaseIterable {
  /// Finger moves up.
  case up
  /// Finger moves down.
  case down
  /// Finger moves left.
  case left
  /// Finger moves right.
  case right

  /// The direction of a swipe from `start` to `end`: the larger movement decides, vertical
  /// on a tie.
  public init(from start: Point, to end: Point) {
    let dx = Double(end.x) - Double(start.x)
    let dy = Double(end.y) - Double(start.y)
    self = abs(dy) >= abs(dx) ? (dy < 0 ? .up : .down) : (dx < 0 ? .left : .right)
  }

  /// The content-movement name of the same gesture (content moves the other way), as SeeClick
  /// and AndroidControl name it.
  public var contentDirection: SwipeDirection {
    switch self {
    case .up: .down
    case .down: .up
    case .left: .right
    case .right: .left
    }
  }
}
