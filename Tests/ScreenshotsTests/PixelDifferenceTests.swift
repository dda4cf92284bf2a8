import Foundation
import Geometry
import Screenshots
import TestSupport
import Testing

@Suite("Pixel difference with early exit")
struct PixelDifferenceTests {
  /// The full comparison written the plain way: one value at a time.
  static func naiveRatio(_ a: RGBAImage, _ b: RGBAImage, channels: Int) -> Double {
    var differing = 0
    for index in a.pixels.indices where index % 4 < channels {
      if a.pixels[index] != b.pixels[index] { differing += 1 }
    }
    return Double(differing) / Double(a.width * a.height * channels)
  }

  /// A `width`×`height` white image whose first `values` channel values (R, G, B of each pixel
  /// in turn, row by row, alpha left alone) are changed.
  static func image(width: Int, height: Int, changing values: Int) -> RGBAImage {
    var image = RGBAImage(width: width, height: height, fill: .white)
    var left = values
    var index = 0
    while left > 0 {
      if index % 4 != 3 {
        image.pixels[index] = 0
        left -= 1
      }
      index += 1
    }
    return image
  }

  @Test("counts equal the one-value-at-a-time count, odd widths and 3 channels included")
  func matchesNaiveCount() {
    var random = SeededGenerator(seed: 12)
    for width in [1, 2, 3, 7, 8, 9, 17] {
      for _ in 0..<20 {
        let height = Int.random(in: 1...6, using: &random)
        let a = RGBAImage(
          width: width, height: height,
          pixels: (0..<(width * height * 4)).map { _ in UInt8.random(in: 0...3, using: &random) })!
        var b = a
        for index in b.pixels.indices where Int.random(in: 0..<4, using: &random) == 0 {
          b.pixels[index] ^= UInt8.random(in: 1...255, using: &random)
        }
        for channels in [3, 4] {
          let expected = Self.naiveRatio(a, b, channels: channels)
          #expect(pixelDifferenceRatio(a, b, channels: channels) == expected, "width \(width)")
          let difference = PixelDifference(a, b, threshold: .infinity, channels: channels)
          #expect(difference.precision == .exact && difference.ratio == expected)
        }
      }
    }
  }

  @Test("exactly at the threshold's count the screens differ; one value fewer they match")
  func boundary() {
    // 10×10 RGBA: 400 values; 0.3 of them is 120.
    let white = RGBAImage(width: 10, height: 10, fill: .white)
    let atThreshold = Self.image(width: 10, height: 10, changing: 120)
    let below = Self.image(width: 10, height: 10, changing: 119)
    #expect(pixelDifferenceRatio(white, atThreshold) == 0.3)
    for stopping in [PixelDifference.EarlyExit.atThreshold, .whenCertain] {
      let reached = PixelDifference(white, atThreshold, threshold: 0.3, stopping: stopping)
      #expect(!reached.isBelowThreshold)
      // The 120th value is in row 3 (30 values a row): the count stops there.
      #expect(reached.precision == .atLeast && reached.ratio == 0.3)
      let missed = PixelDifference(white, below, threshold: 0.3, stopping: stopping)
      #expect(missed.isBelowThreshold)
    }
    // Below the threshold the count goes to the end unless told to stop when certain.
    let full = PixelDifference(white, below, threshold: 0.3, stopping: .atThreshold)
    #expect(full.precision == .exact && full.ratio == 119.0 / 400.0)
    let belowOne = Self.image(width: 10, height: 10, changing: 1)
    let certain = PixelDifference(white, belowOne, threshold: 0.3, stopping: .whenCertain)
    // One differing value; the exit comes once 1 + 40 × (rows left) < 120: after row 7.
    #expect(certain.isBelowThreshold && certain.precision == .atMost)
    #expect(certain.ratio == 81.0 / 400.0)
    // 3 channels: 300 values, 90 needed.
    let rgb = Self.image(width: 10, height: 10, changing: 90)
    #expect(!PixelDifference(white, rgb, threshold: 0.3, channels: 3).isBelowThreshold)
    let rgbBelow = Self.image(width: 10, height: 10, changing: 89)
    #expect(PixelDifference(white, rgbBelow, threshold: 0.3, channels: 3).isBelowThreshold)
  }

  @Test("sizes differ, empty images, thresholds outside (0, 1]")
  func edges() {
    let a = RGBAImage(width: 4, height: 4, fill: .white)
    let taller = RGBAImage(width: 4, height: 5, fill: .white)
    let apart = PixelDifference(a, taller, threshold: 0.3)
    #expect(apart.ratio == 1 && apart.precision == .exact && !apart.isBelowThreshold)
    let empty = RGBAImage(width: 0, height: 0)
    #expect(PixelDifference(empty, empty, threshold: 0.3).isBelowThreshold)
    let b = Self.image(width: 4, height: 4, changing: 48)  // every value but alpha: 0.75
    #expect(!PixelDifference(a, a, threshold: 0).isBelowThreshold)
    #expect(!PixelDifference(a, b, threshold: .nan).isBelowThreshold)
    #expect(PixelDifference(a, b, threshold: 2, stopping: .whenCertain).isBelowThreshold)
    #expect(PixelDifference(a, b, threshold: 1).isBelowThreshold)
    #expect(!PixelDifference(a, b, threshold: 0.75).isBelowThreshold)
    #expect(pixelDifferenceExceeds(a, b, threshold: 0.75))
    #expect(!pixelDifferenceExceeds(a, b, threshold: .nan))
  }

  @Test("verdicts on every same-size pair of real screenshots (full or compact) equal the full's")
  func realPairs() throws {
    guard Fixtures.hasRealData else {
      print(Fixtures.realDataMissing)
      return
    }
    var bySize: [String: [URL]] = [:]
    for url in Fixtures.files(under: Fixtures.realData, suffixes: [".png"]) {
      guard let info = try? PNGInfo(contentsOfPNG: url.path) else { continue }  // JPEG as .png
      bySize["\(info.width)x\(info.height)", default: []].append(url)
    }
    // Mobile3M's 0.3 both ways, and 0.1 (a debug build counts slowly: three cases a pair).
    let cases: [(Double, PixelDifference.EarlyExit)] = [
      (0.3, .atThreshold), (0.3, .whenCertain), (0.1, .whenCertain),
    ]
    var pairs = 0
    var stoppedEarly = 0
    for (_, urls) in bySize.sorted(by: { $0.key < $1.key }) where urls.count > 1 {
      let images = try urls.map { try RGBAImage(contentsOfPNG: $0.path) }
      let frames = images.map(CompactFrame.init)
      for i in images.indices {
        for j in images.indices where j > i {
          let full = pixelDifferenceRatio(images[i], images[j])
          pairs += 1
          for (threshold, stopping) in cases {
            let early = PixelDifference(
              images[i], images[j], threshold: threshold, stopping: stopping)
            let pair =
              "\(urls[i].lastPathComponent) / \(urls[j].lastPathComponent) at \(threshold)"
            #expect(early.isBelowThreshold == (full < threshold), "\(pair)")
            switch early.precision {
            case .exact: #expect(early.ratio == full, "\(pair)")
            case .atLeast: #expect(early.ratio <= full && early.ratio >= threshold, "\(pair)")
            case .atMost: #expect(early.ratio >= full && early.ratio < threshold, "\(pair)")
            }
            if stopping == .atThreshold, early.isBelowThreshold {
              #expect(early.precision == .exact, "\(pair)")
            }
            if early.precision != .exact { stoppedEarly += 1 }
            // Against the candidate's compact frame, as the ingester keeps it (the ingester's
            // case, and one that stops below the threshold): the same, to the last bit.
            if stopping == .atThreshold || threshold == 0.1 {
              let compact = PixelDifference(
                images[i], frames[j], threshold: threshold, stopping: stopping)
              #expect(compact == early, "\(pair), compact frame")
            }
          }
        }
      }
    }
    print("pixel difference: \(pairs) real pairs, \(stoppedEarly) early exits")
    #expect(pairs > 1000)
    #expect(stoppedEarly > 0)
  }
}
