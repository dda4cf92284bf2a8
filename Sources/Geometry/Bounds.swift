/// A box in screen pixels, `[x1,y1][x2,y2]`, as Android writes `bounds` and as Mobile3M targets
/// print it.
///
/// Every other box convention (a 0–1000 grid, normalised 0–1, `(y, x)`, `(x, y, w, h)`) is
/// converted to this one at the edge of the system. Inverted (`x2 < x1` or `y2 < y1`) and
/// zero-area boxes occur in real dumps; they are kept as recorded and flagged by
/// ``isInverted`` and ``isEmpty`` rather than repaired.
///
/// ```swift
/// let box = Bounds(parsing: "[0,130][720,1184]")!
/// box.width   // 720
/// box.center  // Point(x: 360, y: 657)
/// "\(box)"    // "[0,130][720,1184]"
/// ```
public struct Bounds: Hashable, Sendable, Codable, CustomStringConvertible {
  /// Left edge (x1).
  public var left: Int
  /// Top edge (y1).
  public var top: Int
  /// Right edge (x2), exclusive.
  public var right: Int
  /// Bottom edge (y2), exclusive.
  public var bottom: Int

  /// A box from its four edges, kept exactly as given (inverted boxes included).
  @inlinable
  public init(left: Int, top: Int, right: Int, bottom: Int) {
    self.left = left
    self.top = top
    self.right = right
    self.bottom = bottom
  }

  /// Width; negative for an inverted box.
  @inlinable public var width: Int { right - left }
  /// Height; negative for an inverted box.
  @inlinable public var height: Int { bottom - top }
  /// True when `right < left` or `bottom < top`, as seen in real dumps.
  @inlinable public var isInverted: Bool { right < left || bottom < top }
  /// True when the box covers no pixel (zero or negative width or height).
  @inlinable public var isEmpty: Bool { width <= 0 || height <= 0 }
  /// The area in pixels, 0 for empty or inverted boxes.
  @inlinable public var area: Int { isEmpty ? 0 : width * height }
  /// The centre, rounded down as Python's `//` does (used for taps and swipes).
  @inlinable public var center: Point {
    Point(x: (left + right).floorDivided(by: 2), y: (top + bottom).floorDivided(by: 2))
  }

  /// True when the point lies inside the box (left/top edges inclusive, right/bottom exclusive).
  @inlinable
  public func contains(_ point: Point) -> Bool {
    point.x >= left && point.x < right && point.y >= top && point.y < bottom
  }

  /// The overlap of two boxes, or nil when they do not overlap.
  public func intersection(_ other: Bounds) -> Bounds? {
    let box = Bounds(
      left: max(left, other.left), top: max(top, other.top),
      right: min(right, other.right), bottom: min(bottom, other.bottom))
    return box.isEmpty ? nil : box
  }

  /// Intersection over union of two boxes; 0 when either is empty or they do not overlap.
  public func intersectionOverUnion(_ other: Bounds) -> Double {
    guard let overlap = intersection(other) else { return 0 }
    let union = area + other.area - overlap.area
    return union > 0 ? Double(overlap.area) / Double(union) : 0
  }

  /// `[x1,y1][x2,y2]`, the Android and Mobile3M spelling.
  public var description: String { "[\(left),\(top)][\(right),\(bottom)]" }
}

/// A point in screen pixels.
public struct Point: Hashable, Sendable, Codable, CustomStringConvertible {
  /// Horizontal position.
  public var x: Int
  /// Vertical position.
  public var y: Int

  /// A point from its coordinates.
  @inlinable
  public init(x: Int, y: Int) {
    self.x = x
    self.y = y
  }

  /// `(x,y)`.
  public var description: String { "(\(x),\(y))" }
}

extension Int {
  /// Division rounded towards negative infinity, as Python's `//`.
  @inlinable
  public func floorDivided(by divisor: Int) -> Int {
    let quotient = self / divisor
    return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
  }
}
