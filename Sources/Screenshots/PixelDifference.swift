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
  guard a.width == b.width, a.height == b.height else { return 1 }
  let pixelCount = a.width * a.height
  guard pixelCount > 0 else { return 0 }
  let differing = countDifferingValues(a, b, channels: channels, stopAfter: Int.max)
  return Double(differing) / Double(pixelCount * channels)
}

/// True when the pixel-difference ratio is at least `threshold`; stops reading as soon as the
/// answer is certain, so clearly different screens cost less than a full comparison.
public func pixelDifferenceExceeds(
  _ a: RGBAImage, _ b: RGBAImage, threshold: Double, channels: Int = 4
) -> Bool {
  guard a.width == b.width, a.height == b.height else { return true }
  let total = a.width * a.height * channels
  guard total > 0 else { return threshold <= 0 }
  // A ratio is at most 1: a larger threshold (infinity included) is never reached, nor is NaN.
  guard threshold <= 1 else { return false }
  let needed = Int((max(0, threshold) * Double(total)).rounded(.up))
  return countDifferingValues(a, b, channels: channels, stopAfter: needed) >= needed
}

private func countDifferingValues(
  _ a: RGBAImage, _ b: RGBAImage, channels: Int, stopAfter limit: Int
) -> Int {
  precondition(channels == 3 || channels == 4, "channels must be 3 or 4")
  return a.pixels.withUnsafeBufferPointer { left in
    b.pixels.withUnsafeBufferPointer { right in
      var differing = 0
      var offset = 0
      let count = left.count
      // Rows of pixels at a time, so the early exit is checked rarely.
      let chunk = 4 * 1024
      while offset < count {
        let end = min(count, offset + chunk)
        var position = offset
        while position < end {
          differing &+= left[position] != right[position] ? 1 : 0
          differing &+= left[position + 1] != right[position + 1] ? 1 : 0
          differing &+= left[position + 2] != right[position + 2] ? 1 : 0
          if channels == 4 { differing &+= left[position + 3] != right[position + 3] ? 1 : 0 }
          position += 4
        }
        if differing >= limit { return differing }
        offset = end
      }
      return differing
    }
  }
}
