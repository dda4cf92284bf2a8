/// The range of pixel coordinates m3m accepts from input (dumps, traces, model answers).
///
/// Android writes `bounds` as Java `int`s, but no screen, scrolled content included, comes near a
/// hundred million pixels: a larger value is corrupt input. Keeping every coordinate within
/// ±100,000,000 also keeps the arithmetic on boxes (areas, sums of areas, rescaling to a screen)
/// far from `Int` overflow, which would trap.
public enum PixelCoordinate {
  /// The largest magnitude of a coordinate: 100,000,000.
  public static let limit = 100_000_000
  /// Every accepted coordinate, `-limit...limit`.
  public static let range = -limit...limit

  /// `value` rounded by `rule`, or nil when it is not finite or falls outside ``range``: the
  /// checked conversion every reader of a decimal coordinate uses instead of `Int(value)`, which
  /// traps on NaN, infinity and values beyond `Int`.
  public static func checked(
    _ value: Double, rounding rule: FloatingPointRoundingRule = .towardZero
  ) -> Int? {
    guard value.isFinite else { return nil }
    let rounded = value.rounded(rule)
    guard rounded >= Double(-limit), rounded <= Double(limit) else { return nil }
    return Int(rounded)
  }
}

extension Point {
  /// A point from decimal coordinates (JSON numbers, model answers), truncated towards zero as
  /// Python's `int()`; nil when either is not finite or outside ``PixelCoordinate/range``.
  public init?(checkedX x: Double, y: Double) {
    guard let x = PixelCoordinate.checked(x), let y = PixelCoordinate.checked(y) else {
      return nil
    }
    self.init(x: x, y: y)
  }
}

extension Bounds {
  /// A box from integer edges read from input (JSON arrays, database rows); nil when an edge lies
  /// outside ``PixelCoordinate/range``, so later arithmetic on the box cannot overflow.
  public init?(checkedLeft left: Int, top: Int, right: Int, bottom: Int) {
    let range = PixelCoordinate.range
    guard range.contains(left), range.contains(top), range.contains(right), range.contains(bottom)
    else { return nil }
    self.init(left: left, top: top, right: right, bottom: bottom)
  }
}
