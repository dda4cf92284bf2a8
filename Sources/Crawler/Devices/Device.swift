import Geometry

/// A phone, an emulator or a simulated app: what an explorer needs from it.
public protocol Device: AnyObject {
  /// Starts `package`'s launcher activity.
  func launch(_ package: String) throws
  /// Stops `package`.
  func forceStop(_ package: String) throws
  /// The current screen: uiautomator XML and a PNG screenshot.
  func capture() throws -> Capture
  /// Performs a gesture or key.
  func perform(_ action: DeviceAction) throws
  /// The package in the foreground.
  func foregroundPackage() throws -> String
}

/// One screen as captured.
public struct Capture: Sendable {
  /// The uiautomator dump.
  public var xml: String
  /// The screenshot (PNG bytes).
  public var png: [UInt8]

  /// A capture from its parts.
  public init(xml: String, png: [UInt8]) {
    self.xml = xml
    self.png = png
  }
}

/// What a device can be asked to do (pixel coordinates).
public enum DeviceAction: Sendable, Hashable, CustomStringConvertible {
  case tap(Point)
  case longPress(Point)
  case swipe(from: Point, to: Point, milliseconds: Int)
  case type(String)
  case back
  case home

  public var description: String {
    switch self {
    case .tap(let p): "tap \(p.x) \(p.y)"
    case .longPress(let p): "long-press \(p.x) \(p.y)"
    case .swipe(let a, let b, let ms): "swipe \(a.x) \(a.y) \(b.x) \(b.y) \(ms)"
    case .type(let text): "type \(text)"
    case .back: "back"
    case .home: "home"
    }
  }
}

/// A device that failed: the command, what it printed, and why.
public struct DeviceError: Error, CustomStringConvertible, Sendable {
  /// The command line or operation.
  public var command: String
  /// What it printed (trimmed).
  public var output: String
  /// Why it counts as a failure.
  public var reason: String

  /// An error from its parts.
  public init(command: String, output: String = "", reason: String) {
    self.command = command
    self.output = output
    self.reason = reason
  }

  public var description: String {
    "\(command): \(reason)" + (output.isEmpty ? "" : " (output: \(output.prefix(200)))")
  }
}
