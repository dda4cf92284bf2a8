import Geometry
import UIHierarchy

/// One action in the single vocabulary every source is converted to (see
/// `../shared/reference/benchmarks.md` §0): points normalised to 0…1 of the screen, origin at
/// the top left, as (x, y); swipe directions name **the way the finger moves** (finger moving
/// up = `up`, which shows content further down), as Mobile3M, AITW and AitZ do.
public struct CanonicalAction: Sendable, Codable, Hashable {
  /// The action types.
  public enum Kind: String, Sendable, Codable, CaseIterable {
    case tap
    case longPress = "long_press"
    case swipe
    case type
    case back = "press_back"
    case home = "press_home"
    case enter = "press_enter"
    case openApp = "open_app"
    case wait
    case done = "status_complete"
    case impossible = "status_impossible"

    /// The agent's name for a recorded action type: the one mapping from ``ActionType``.
    public init(_ type: ActionType) {
      switch type {
      case .click: self = .tap
      case .longPress: self = .longPress
      case .scroll: self = .swipe
      case .input: self = .type
      case .back: self = .back
      case .home: self = .home
      case .enter: self = .enter
      }
    }
  }

  /// Finger-movement directions (the one ``SwipeDirection`` of UIHierarchy).
  public typealias Direction = SwipeDirection

  /// The type.
  public var kind: Kind
  /// Where a tap lands, or where a swipe starts (normalised).
  public var point: NormalizedPoint?
  /// Where a swipe ends (normalised), when known.
  public var end: NormalizedPoint?
  /// A swipe's direction (finger movement).
  public var direction: Direction?
  /// Typed text, or the app name of `open_app`.
  public var text: String?
  /// The element acted on, when the source names it (normalised box).
  public var element: NormalizedBox?

  /// An action from its parts.
  public init(
    _ kind: Kind, point: NormalizedPoint? = nil, end: NormalizedPoint? = nil,
    direction: Direction? = nil, text: String? = nil, element: NormalizedBox? = nil
  ) {
    self.kind = kind
    self.point = point
    self.end = end
    self.direction = direction
    self.text = text
    self.element = element
  }

  /// A swipe between two points, its direction from the larger movement.
  public static func swipe(from start: NormalizedPoint, to end: NormalizedPoint) -> CanonicalAction
  {
    let dx = end.x - start.x
    let dy = end.y - start.y
    let direction: Direction =
      abs(dy) >= abs(dx) ? (dy < 0 ? .up : .down) : (dx < 0 ? .left : .right)
    return CanonicalAction(.swipe, point: start, end: end, direction: direction)
  }
}

/// A point in 0…1 screen units, (x, y), origin top left.
public struct NormalizedPoint: Sendable, Codable, Hashable {
  /// Horizontal, 0 = left edge.
  public var x: Double
  /// Vertical, 0 = top edge.
  public var y: Double

  /// A point from its coordinates.
  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }

  /// A pixel point on a `width` × `height` screen.
  public init(pixelX: Int, pixelY: Int, width: Int, height: Int) {
    self.init(x: Double(pixelX) / Double(max(1, width)), y: Double(pixelY) / Double(max(1, height)))
  }

  /// Euclidean distance in normalised units (not corrected for the aspect ratio, as AITW).
  public func distance(to other: NormalizedPoint) -> Double {
    ((x - other.x) * (x - other.x) + (y - other.y) * (y - other.y)).squareRoot()
  }
}

/// A box in 0…1 screen units.
public struct NormalizedBox: Sendable, Codable, Hashable {
  /// Left, top, right, bottom.
  public var left: Double, top: Double, right: Double, bottom: Double

  /// A box from its edges.
  public init(left: Double, top: Double, right: Double, bottom: Double) {
    self.left = left
    self.top = top
    self.right = right
    self.bottom = bottom
  }

  /// A pixel box on a `width` × `height` screen, normalised (a side of 0 counts as 1, as for
  /// points, so a screen of unknown size never gives NaN or infinite units).
  public init(pixels box: Bounds, width: Int, height: Int) {
    let width = Double(max(1, width))
    let height = Double(max(1, height))
    self.init(
      left: Double(box.left) / width, top: Double(box.top) / height,
      right: Double(box.right) / width, bottom: Double(box.bottom) / height)
  }

  /// Its centre.
  public var center: NormalizedPoint {
    NormalizedPoint(x: (left + right) / 2, y: (top + bottom) / 2)
  }

  /// Whether `point` is inside, edges included.
  public func contains(_ point: NormalizedPoint) -> Bool {
    point.x >= left && point.x <= right && point.y >= top && point.y <= bottom
  }

  /// The AITW enlargement: same centre, width and height grown by 1.4× their own size (2.4× in
  /// all); top and left clamped at 0, the new width and height clamped at 1 (so the box can run
  /// past 1 on the right or bottom, as in the official code).
  public var aitwEnlarged: NormalizedBox {
    let width = right - left
    let height = bottom - top
    let newWidth = min(1, width * 2.4)
    let newHeight = min(1, height * 2.4)
    let newLeft = max(0, left - width * 0.7)
    let newTop = max(0, top - height * 0.7)
    return NormalizedBox(
      left: newLeft, top: newTop, right: newLeft + newWidth, bottom: newTop + newHeight)
  }
}
