import Geometry
import UIHierarchy

/// One recorded screen of a trace, as every reader hands it to ingest: where its dump and
/// screenshot are, which screen it came from and the action that led here.
public struct TraceStep: Sendable {
  /// The step's key inside its source (a Mobile3M page name, a step number): unique per source.
  public var record: String
  /// The app (package or Mobile3M app name).
  public var app: String
  /// The Mobile3M page name (path from the app's root), when the source has one.
  public var name: String?
  /// The record of the screen the action started from; nil for a first screen.
  public var parentRecord: String?
  /// Depth from the app's root (root = 1), when known.
  public var depth: Int?
  /// The uiautomator XML dump.
  public var xmlPath: String?
  /// A tree already built by the reader (non-XML sources such as DroidBot).
  public var tree: UITree?
  /// The screenshot.
  public var screenshotPath: String?
  /// The action on the parent screen that led here; nil for a first screen.
  public var action: TraceAction?
  /// Why the reader could not read this step (ingest records it as a reject), or nil.
  public var problem: String?
  /// The task the trace carries out, when the source states one (InterDroid's `target`,
  /// LlamaTouch's `instruction.txt`, a trace folder's `goal.txt` or `goal` field).
  public var goal: String?
  /// The screen's size in pixels, when the source states it (InterDroid's `screen_size`,
  /// LlamaTouch's screenshot); points of this step's actions are in these pixels.
  public var screenSize: (width: Int, height: Int)?
  /// The action taken on this screen when no screen was recorded after it (an episode's last
  /// step): ingest has no page to lead it to; the agent scores it.
  public var finalAction: TraceAction?

  /// A step from its parts.
  public init(
    record: String, app: String, name: String? = nil, parentRecord: String? = nil,
    depth: Int? = nil, xmlPath: String? = nil, tree: UITree? = nil,
    screenshotPath: String? = nil, action: TraceAction? = nil
  ) {
    self.record = record
    self.app = app
    self.name = name
    self.parentRecord = parentRecord
    self.depth = depth
    self.xmlPath = xmlPath
    self.tree = tree
    self.screenshotPath = screenshotPath
    self.action = action
  }
}

/// An action as a trace recorded it, before it is matched to an element of the parent page.
public struct TraceAction: Sendable, Hashable, Codable {
  /// The type as recorded in the graph: an ``ActionType`` raw value (`click`, `long_press`,
  /// `scroll`, `input`, `back`, `home`, `enter`), or what the source called it (`unknown`,
  /// `open_app`, a DroidBot key name, …).
  public var type: String
  /// Where the finger went down, in screen pixels.
  public var point: Point?
  /// The element's bounds as the trace recorded them.
  public var bounds: Bounds?
  /// Text typed (input).
  public var text: String?
  /// Scroll direction as the finger moves (`up` = finger moves up).
  public var direction: String?
  /// Where a swipe ends, in screen pixels, when the source records it.
  public var end: Point?
  /// The Mobile3M action string, when the source has one.
  public var mobile3M: String?

  /// An action from its parts.
  public init(
    type: String, point: Point? = nil, bounds: Bounds? = nil, text: String? = nil,
    direction: String? = nil, mobile3M: String? = nil
  ) {
    self.type = type
    self.point = point
    self.bounds = bounds
    self.text = text
    self.direction = direction
    self.mobile3M = mobile3M
  }

  /// An action of one of the known types.
  public init(
    _ type: ActionType, point: Point? = nil, bounds: Bounds? = nil, text: String? = nil,
    direction: String? = nil, mobile3M: String? = nil
  ) {
    self.init(
      type: type.rawValue, point: point, bounds: bounds, text: text, direction: direction,
      mobile3M: mobile3M)
  }

  /// The type, when ``type`` is one of ``ActionType``'s spellings.
  public var actionType: ActionType? { ActionType(spelling: type) }

  /// The key that makes two recorded actions the same action of an app.
  public var key: String {
    if let mobile3M { return mobile3M }
    var parts = [type]
    if let bounds {
      parts.append(bounds.description)
    } else if let point {
      parts.append("\(point)")
    }
    if let direction { parts.append(direction) }
    if let text { parts.append(text) }
    return parts.joined(separator: " ")
  }
}
