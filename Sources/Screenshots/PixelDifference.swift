import Foundation

/// Mobile3M's pixel-difference ratio: the share of channel values that differ between two
/// screenshots (the original compared the decoded arrays with `!=` and took the mean).
///
/// The original's arrays had the channels the PNG files had. Android's `screencap -p` writes
/// RGBA with opaque alpha, so the original counted 4 channels per pixel, alpha included (always
/// equal); that is the default here. Pass `channels: 3` to count RGB only, as the original did
/// for RGB files. Images of different sizes count as entirely different (1.0).
///
/// ```swift
/// pixelDifferenceRatio(before, after) < 0.3   // Mobile3M: same page (with the Jaccard test)
/// ```
/// - Complexity: O(width × height).
public func pixelDifferenceRatio(_ a: RGBAImage, _ b: RGBAImage, channels: Int = 4) -> Double {
  PixelDifference(a, b, threshold: .nan, channels: channels).ratio
}

/// True when the pixel-difference ratio is at least `threshold`; stops reading as soon as the
/// answer is certain, so clearly different screens cost less than a full comparison.
public func pixelDifferenceExceeds(
  _ a: RGBAImage, _ b: RGBAImage, threshold: Double, channels: Int = 4
) -> Bool {
  guard threshold <= 1 else { return false }  // never reached (nor is NaN)
  return !PixelDifference(a, b, threshold: threshold, channels: channels, stopping: .whenCertain)
    .isBelowThreshold
}

/// The pixel-difference ratio of two screenshots measured against a threshold, as the page
/// identity rule uses it (`ratio < threshold`: same page), counting no further than the verdict
/// needs.
///
/// Rows that are byte for byte equal (most of them, for two captures of one screen) are skipped
/// with `memcmp`; the others are counted eight values at a time. The count stops once it reaches
/// the threshold (the screens differ: ``ratio`` is then a lower bound) and, with
/// ``EarlyExit/whenCertain``, also once the rows left cannot bring it there (``ratio`` is then an
/// upper bound). The verdict is always the one the full ratio gives.
///
/// ```swift
/// let difference = PixelDifference(before, after, threshold: 0.3)
/// difference.isBelowThreshold   // same page, as pixelDifferenceRatio(before, after) < 0.3
/// difference.precision          // .exact: the ratio was counted to the end
/// ```
public struct PixelDifference: Sendable, Hashable {
  /// What ``ratio`` is.
  public enum Precision: Sendable, Hashable {
    /// The ratio itself: every value was compared.
    case exact
    /// The ratio is at least this: the count stopped on reaching the threshold.
    case atLeast
    /// The ratio is at most this: the values left could not have reached the threshold.
    case atMost
  }

  /// When the count may stop before the last row.
  public enum EarlyExit: Sendable, Hashable {
    /// Once the threshold is reached: a ratio below the threshold is always exact (what a
    /// caller that records the ratio of matching screens needs).
    case atThreshold
    /// Also once the rows left cannot reach the threshold.
    case whenCertain
  }

  /// The ratio of differing values, or a bound on it (see ``precision``).
  public let ratio: Double
  /// Whether ``ratio`` is exact or a bound.
  public let precision: Precision
  /// The full ratio is below the threshold (always false for a NaN threshold).
  public let isBelowThreshold: Bool

  /// Compares `a` and `b` (4 channels per pixel, alpha included, or `channels: 3`) against
  /// `threshold`. Images of different sizes differ entirely (exact 1.0); a threshold that is
  /// NaN or not above 0 cannot be passed and is not above 1 is always passed, so only a
  /// threshold in (0, 1] stops the count early.
  public init(
    _ a: RGBAImage, _ b: RGBAImage, threshold: Double, channels: Int = 4,
    stopping: EarlyExit = .atThreshold
  ) {
    let rowBytes = a.width * 4
    let mask = Self.mask(channels: channels)
    self.init(
      width: a.width, height: a.height, otherWidth: b.width, otherHeight: b.height,
      threshold: threshold, channels: channels
    ) { needed in
      a.pixels.withUnsafeBytes { left in
        b.pixels.withUnsafeBytes { right in
          guard let right = right.baseAddress else { return (0, .exact) }
          return Self.count(
            left, width: a.width, height: a.height, channels: channels, needed: needed,
            stopWhenBelow: stopping == .whenCertain
          ) { row, line, _ in
            let other = right + row * rowBytes
            guard memcmp(line, other, rowBytes) != 0 else { return 0 }
            return Self.countDifferingBytes(line, other, count: rowBytes, mask: mask)
          }
        }
      }
    }
  }

  /// Compares `a` with a frame kept compactly, as ``init(_:_:threshold:channels:stopping:)``
  /// compares it with the full image: the same count, ratio and verdict. A row where both
  /// screens repeat the row above differs as much as the row above did (it is not compared
  /// again), and a run of one colour is compared with that colour.
  public init(
    _ a: RGBAImage, _ b: CompactFrame, threshold: Double, channels: Int = 4,
    stopping: EarlyExit = .atThreshold
  ) {
    let rowBytes = a.width * 4
    let mask = Self.mask(channels: channels)
    self.init(
      width: a.width, height: a.height, otherWidth: b.width, otherHeight: b.height,
      threshold: threshold, channels: channels
    ) { needed in
      a.pixels.withUnsafeBytes { left in
        b.words.withUnsafeBufferPointer { words in
          b.rowStart.withUnsafeBufferPointer { rowStart in
            guard let words = words.baseAddress else { return (0, .exact) }
            return Self.count(
              left, width: a.width, height: a.height, channels: channels, needed: needed,
              stopWhenBelow: stopping == .whenCertain
            ) { row, line, differingAbove in
              if row > 0, rowStart[row] == rowStart[row - 1],
                memcmp(line, line - rowBytes, rowBytes) == 0
              {
                return differingAbove
              }
              return Self.countDifferingValues(
                line, segments: words + rowStart[row], width: a.width, mask: mask)
            }
          }
        }
      }
    }
  }

  /// The sizes checked, then `count` run with the count that reaches the threshold.
  private init(
    width: Int, height: Int, otherWidth: Int, otherHeight: Int, threshold: Double, channels: Int,
    count: (_ needed: Int?) -> (value: Int, precision: Precision)
  ) {
    precondition(channels == 3 || channels == 4, "channels must be 3 or 4")
    guard width == otherWidth, height == otherHeight else {
      self.init(ratio: 1, precision: .exact, threshold: threshold)
      return
    }
    let total = width * height * channels
    guard total > 0 else {
      self.init(ratio: 0, precision: .exact, threshold: threshold)
      return
    }
    let needed = Self.neededCount(threshold: threshold, total: total)
    let count = count(needed)
    self.init(
      ratio: Double(count.value) / Double(total), precision: count.precision,
      threshold: threshold)
  }

  private init(ratio: Double, precision: Precision, threshold: Double) {
    self.ratio = ratio
    self.precision = precision
    switch precision {
    case .exact: isBelowThreshold = ratio < threshold
    case .atLeast: isBelowThreshold = false
    case .atMost: isBelowThreshold = true
    }
  }

  /// The fewest differing values whose ratio (as `Double(count) / Double(total)`, the way the
  /// full ratio is computed) is not below `threshold`; nil when no early exit applies.
  static func neededCount(threshold: Double, total: Int) -> Int? {
    guard threshold > 0, threshold <= 1 else { return nil }
    let totalValue = Double(total)
    // The division is monotonic, so the smallest such count is found next to the estimate.
    var needed = min(total, max(1, Int((threshold * totalValue).rounded(.up))))
    while needed > 1, Double(needed - 1) / totalValue >= threshold { needed -= 1 }
    while needed < total, Double(needed) / totalValue < threshold { needed += 1 }
    return needed
  }

  /// High bit of every byte counted: RGBA, or RGB with alpha (the 4th byte) left out.
  private static func mask(channels: Int) -> UInt64 {
    channels == 4 ? 0x8080_8080_8080_8080 : 0x0080_8080_0080_8080
  }

  /// Counts differing values row by row (`differingInRow` counts a row of `left`, given the
  /// count of the row above); stops once `needed` is reached or, with `stopWhenBelow`, once the
  /// rows left cannot reach it.
  @inline(__always)
  private static func count(
    _ left: UnsafeRawBufferPointer, width: Int, height: Int, channels: Int, needed: Int?,
    stopWhenBelow: Bool,
    differingInRow: (_ row: Int, _ line: UnsafeRawPointer, _ differingAbove: Int) -> Int
  ) -> (value: Int, precision: Precision) {
    let rowBytes = width * 4
    let rowValues = width * channels
    guard let left = left.baseAddress else { return (0, .exact) }
    var differing = 0
    var differingAbove = 0
    for row in 0..<height {
      let inRow = differingInRow(row, left + row * rowBytes, differingAbove)
      differingAbove = inRow
      differing += inRow
      if let needed {
        if differing >= needed { return (differing, .atLeast) }
        let remaining = (height - row - 1) * rowValues
        if stopWhenBelow, row + 1 < height, differing + remaining < needed {
          return (differing + remaining, .atMost)
        }
      }
    }
    return (differing, .exact)
  }

  /// The values of the `width` pixels at `line` that differ from a compact frame's row (its
  /// segments, see ``CompactFrame``) among those `mask` selects.
  @inline(__always)
  private static func countDifferingValues(
    _ line: UnsafeRawPointer, segments: UnsafePointer<UInt32>, width: Int, mask: UInt64
  ) -> Int {
    var differing = 0
    var segment = segments
    var x = 0
    while x < width {
      let header = segment.pointee
      let length = Int(header & ~CompactFrame.runFlag)
      let pixels = line + x * 4
      if header & CompactFrame.runFlag != 0 {
        differing += countDifferingBytes(pixels, from: segment[1], count: length * 4, mask: mask)
        segment += 2
      } else {
        let literal = UnsafeRawPointer(segment + 1)
        // Most literals are short (text, icon edges): compared here rather than by a call.
        let differs =
          length >= 32
          ? memcmp(pixels, literal, length * 4) != 0
          : anyByteDiffers(pixels, literal, count: length * 4)
        if differs {
          differing += countDifferingBytes(pixels, literal, count: length * 4, mask: mask)
        }
        segment += 1 + length
      }
      x += length
    }
    return differing
  }

  /// Whether any of the `count` bytes at `l` and `r` (a multiple of 4) differ.
  @inline(__always)
  private static func anyByteDiffers(_ l: UnsafeRawPointer, _ r: UnsafeRawPointer, count: Int)
    -> Bool
  {
    var any: UInt64 = 0
    var offset = 0
    while offset + 8 <= count {
      any |=
        l.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        ^ r.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      offset += 8
    }
    if offset < count {
      any |= UInt64(
        l.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
          ^ r.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
    return any != 0
  }

  /// The bytes of the `count` bytes at `l` (a multiple of 4) that differ from the pixel
  /// `pixel` repeated, among those `mask` selects.
  @inline(__always)
  private static func countDifferingBytes(
    _ l: UnsafeRawPointer, from pixel: UInt32, count: Int, mask: UInt64
  ) -> Int {
    let pattern = UInt64(pixel) | UInt64(pixel) << 32
    // Most runs are equal: one pass that only looks for a difference first.
    var any: UInt64 = 0
    var offset = 0
    while offset + 8 <= count {
      any |= l.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ pattern
      offset += 8
    }
    if offset < count {
      any |= UInt64(l.loadUnaligned(fromByteOffset: offset, as: UInt32.self) ^ pixel)
    }
    guard any != 0 else { return 0 }
    let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    var differing = 0
    offset = 0
    while offset + 8 <= count {
      let x = l.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ pattern
      differing &+= ((((x & low) &+ low) | x) & mask).nonzeroBitCount
      offset += 8
    }
    if offset < count {
      let x = UInt64(l.loadUnaligned(fromByteOffset: offset, as: UInt32.self) ^ pixel)
      differing &+= ((((x & low) &+ low) | x) & mask & 0x8080_8080).nonzeroBitCount
    }
    return differing
  }

  /// The bytes that differ between `l` and `r` (`count` a multiple of 4) among those `mask`
  /// selects (its high bit in each selected byte), eight bytes at a time (little-endian: byte 0
  /// of a word is the first in memory).
  @inline(__always)
  private static func countDifferingBytes(
    _ l: UnsafeRawPointer, _ r: UnsafeRawPointer, count: Int, mask: UInt64
  ) -> Int {
    let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    var differing = 0
    var offset = 0
    while offset + 8 <= count {
      let x =
        l.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        ^ r.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      // A byte's high bit ends up set exactly when the byte is not zero.
      differing &+= ((((x & low) &+ low) | x) & mask).nonzeroBitCount
      offset += 8
    }
    if offset < count {  // one pixel left (odd width)
      let x = UInt64(
        l.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
          ^ r.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
      differing &+= ((((x & low) &+ low) | x) & mask & 0x8080_8080).nonzeroBitCount
    }
    return differing
  }
}
