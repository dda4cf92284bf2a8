import Geometry
import Screenshots
import Testing

@Suite("Compact frames")
struct CompactFrameTests {
  /// A `width`×`height` image of runs and repeated rows: each row repeats the row above or is
  /// new, a new row made of runs of a few colours, some shorter than a compact frame's shortest
  /// run, some longer.
  static func screen(width: Int, height: Int, using random: inout SeededGenerator) -> RGBAImage {
    var pixels: [UInt8] = []
    for row in 0..<height {
      if row > 0, Bool.random(using: &random) {
        pixels.append(contentsOf: pixels[(row - 1) * width * 4..<row * width * 4])
        continue
      }
      var x = 0
      while x < width {
        let longest = Bool.random(using: &random) ? 3 : 2 * CompactFrame.shortestRun
        let run = min(Int.random(in: 1...longest, using: &random), width - x)
        let pixel = (0..<4).map { _ in UInt8.random(in: 0...2, using: &random) }
        for _ in 0..<run { pixels.append(contentsOf: pixel) }
        x += run
      }
    }
    return RGBAImage(width: width, height: height, pixels: pixels)!
  }

  /// `image` with some values changed: in a row that repeats the row above, either the same
  /// changes as that row (both screens repeat it) or others.
  static func changed(_ image: RGBAImage, using random: inout SeededGenerator) -> RGBAImage {
    var pixels = image.pixels
    let rowBytes = image.width * 4
    for row in 0..<image.height {
      let range = row * rowBytes..<(row + 1) * rowBytes
      let repeats =
        row > 0 && image.pixels[range] == image.pixels[(row - 1) * rowBytes..<row * rowBytes]
      if repeats, Int.random(in: 0..<4, using: &random) > 0 {
        pixels.replaceSubrange(range, with: pixels[(row - 1) * rowBytes..<row * rowBytes])
        continue
      }
      for index in range where Int.random(in: 0..<5, using: &random) == 0 {
        pixels[index] ^= UInt8.random(in: 1...255, using: &random)
      }
    }
    return RGBAImage(width: image.width, height: image.height, pixels: pixels)!
  }

  @Test("a frame gives back the image it was made from, runs and repeated rows stored once")
  func roundTrip() {
    var random = SeededGenerator(seed: 7)
    for width in [1, 2, 3, 4, 5, 7, 8, 9, 17, 33, 70] {
      for _ in 0..<10 {
        let image = Self.screen(
          width: width, height: Int.random(in: 1...8, using: &random), using: &random)
        let frame = CompactFrame(image)
        #expect(frame.image == image, "width \(width)")
        let rowBytes = width * 4
        let newRows = (0..<image.height).filter { row in
          row == 0
            || image.pixels[row * rowBytes..<(row + 1) * rowBytes]
              != image.pixels[(row - 1) * rowBytes..<row * rowBytes]
        }
        #expect(frame.storedRowCount == newRows.count)
      }
    }
    // A flat 1080×2400 screen: one row of one run, and a row start a row.
    let flat = CompactFrame(RGBAImage(width: 1080, height: 2400, fill: .white))
    #expect(flat.storedRowCount == 1 && flat.byteCount == 8 + 2400 * 8)
    // One row: 40 white pixels (a run), then 30 that each differ from the next (literals).
    var mixed = RGBAImage(width: 70, height: 1, fill: .white)
    for x in 40..<70 { mixed.pixels[x * 4] = UInt8(x) }
    let mixedFrame = CompactFrame(mixed)
    #expect(mixedFrame.image == mixed && mixedFrame.byteCount == (2 + 1 + 30) * 4 + 8)
    let empty = CompactFrame(RGBAImage(width: 0, height: 0))
    #expect(empty.image == RGBAImage(width: 0, height: 0) && empty.byteCount == 0)
  }

  @Test("comparing with a compact frame gives the full comparison's count, ratio and verdict")
  func comparisons() {
    var random = SeededGenerator(seed: 21)
    var skippedRows = 0
    for width in [1, 2, 3, 5, 8, 9, 17, 33, 70] {
      for _ in 0..<12 {
        let height = Int.random(in: 1...10, using: &random)
        let a = Self.screen(width: width, height: height, using: &random)
        let b = Self.changed(a, using: &random)
        let pairs = [(a, b), (b, a), (a, a)]
        for (left, right) in pairs {
          let frame = CompactFrame(right)
          for channels in [3, 4] {
            for threshold in [Double.infinity, 0.3, 0.1, 0.02] {
              for stopping in [PixelDifference.EarlyExit.atThreshold, .whenCertain] {
                let full = PixelDifference(
                  left, right, threshold: threshold, channels: channels, stopping: stopping)
                let compact = PixelDifference(
                  left, frame, threshold: threshold, channels: channels, stopping: stopping)
                #expect(compact == full, "width \(width) \(channels) \(threshold) \(stopping)")
              }
            }
          }
        }
        let rowBytes = width * 4
        skippedRows +=
          (1..<height).filter { row in
            a.pixels[row * rowBytes..<(row + 1) * rowBytes]
              == a.pixels[(row - 1) * rowBytes..<row * rowBytes]
              && b.pixels[row * rowBytes..<(row + 1) * rowBytes]
                == b.pixels[(row - 1) * rowBytes..<row * rowBytes]
              && a.pixels[row * rowBytes..<(row + 1) * rowBytes]
                != b.pixels[row * rowBytes..<(row + 1) * rowBytes]
          }.count
      }
    }
    // Rows that differ and repeat the row above in both screens (counted from the row above).
    #expect(skippedRows > 20)
    // Sizes differ: entirely different, as with full images.
    let square = RGBAImage(width: 4, height: 4, fill: .white)
    let tall = CompactFrame(RGBAImage(width: 4, height: 5, fill: .white))
    #expect(PixelDifference(square, tall, threshold: 0.3).ratio == 1)
  }
}
