import Foundation
import Geometry
import TestSupport
import Testing

@testable import Screenshots

@Suite("PNG decoding to RGBA8")
struct PNGDecodingTests {
  /// A 3×2 test pattern in the given layout.
  func encode(
    _ samples: [UInt8], channels: Int, depth: Int = 8, palette: Int = 0, interlace: Bool = false
  ) throws -> [UInt8] {
    try PNGEncoder.encode(
      samples, width: 3, height: 2, channels: channels, bitDepth: depth, palette: palette,
      interlace: interlace, fast: false, source: "fixture")
  }

  @Test("RGBA, RGB, grey, grey+alpha, interlaced or not", arguments: [false, true])
  func colourTypes(interlace: Bool) throws {
    let rgba: [UInt8] = [
      255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0,
      10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120,
    ]
    let decoded = try RGBAImage(
      pngData: encode(rgba, channels: 4, interlace: interlace), source: "a")
    #expect(decoded.pixels == rgba)

    let rgb: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]
    let fromRGB = try RGBAImage(
      pngData: encode(rgb, channels: 3, interlace: interlace), source: "b")
    #expect(fromRGB.pixel(x: 2, y: 1) == RGBAColor(r: 16, g: 17, b: 18, a: 255))
    #expect(fromRGB.isOpaque)

    let grey: [UInt8] = [0, 50, 100, 150, 200, 250]
    let fromGrey = try RGBAImage(
      pngData: encode(grey, channels: 1, interlace: interlace), source: "c")
    #expect(fromGrey.pixel(x: 1, y: 1) == RGBAColor(r: 200, g: 200, b: 200, a: 255))

    let greyAlpha: [UInt8] = [0, 1, 50, 2, 100, 3, 150, 4, 200, 5, 250, 6]
    let fromGA = try RGBAImage(
      pngData: encode(greyAlpha, channels: 2, interlace: interlace), source: "d")
    #expect(fromGA.pixel(x: 2, y: 1) == RGBAColor(r: 250, g: 250, b: 250, a: 6))
  }

  @Test("16-bit samples keep their high byte, without gamma conversion")
  func sixteenBit() throws {
    // Big-endian 16-bit RGB: the first pixel is (0x1234, 0xABCD, 0x00FF).
    var samples: [UInt8] = [0x12, 0x34, 0xAB, 0xCD, 0x00, 0xFF]
    samples += [UInt8](repeating: 0x80, count: 5 * 6)
    let image = try RGBAImage(pngData: encode(samples, channels: 3, depth: 16), source: "16")
    #expect(image.pixel(x: 0, y: 0) == RGBAColor(r: 0x12, g: 0xAB, b: 0x00, a: 255))
  }

  @Test("palette images expand through the palette")
  func palette() throws {
    let indices: [UInt8] = [0, 1, 2, 3, 2, 1]
    let image = try RGBAImage(pngData: encode(indices, channels: 1, palette: 4), source: "p")
    // Entry i: grey level i*255/3 with blue = 255 - level (see cpng_encode).
    #expect(image.pixel(x: 0, y: 0) == RGBAColor(r: 0, g: 0, b: 255, a: 255))
    #expect(image.pixel(x: 0, y: 1) == RGBAColor(r: 255, g: 255, b: 0, a: 255))
  }

  @Test("1-, 2- and 4-bit grey expand to 8 bits", arguments: [1, 2, 4])
  func lowDepth(depth: Int) throws {
    // First row all bits set (white), second row all clear (black).
    let stride = (3 * depth + 7) / 8
    let rows = [UInt8](repeating: 0xFF, count: stride) + [UInt8](repeating: 0, count: stride)
    let image = try RGBAImage(pngData: encode(rows, channels: 1, depth: depth), source: "low")
    #expect(image.pixel(x: 0, y: 0) == .white)
    #expect(image.pixel(x: 2, y: 1) == RGBAColor(r: 0, g: 0, b: 0, a: 255))
  }

  @Test("encode then decode returns the same pixels")
  func roundTrip() throws {
    var image = RGBAImage(width: 40, height: 30, fill: .lightGray)
    image.fill(Bounds(left: 5, top: 5, right: 20, bottom: 25), with: .blue)
    for fast in [true, false] {
      #expect(try RGBAImage(pngData: image.pngData(fast: fast), source: "rt") == image)
    }
  }
}

@Suite("Broken PNGs give typed errors")
struct BrokenPNGTests {
  let good: [UInt8] = {
    var image = RGBAImage(width: 64, height: 64, fill: .white)
    image.draw("OK", at: Point(x: 4, y: 4), scale: 3)
    return try! image.pngData(fast: false)
  }()

  func reason(_ bytes: [UInt8]) -> ScreenshotError.Reason? {
    do {
      _ = try RGBAImage(pngData: bytes, source: "shot.png")
      return nil
    } catch let error as ScreenshotError {
      #expect(error.description.hasPrefix("shot.png: "))
      return error.reason
    } catch {
      return nil
    }
  }

  @Test("truncated at several offsets")
  func truncated() {
    for cut in [8, 20, 40, good.count / 2, good.count - 13] {
      switch reason(Array(good.prefix(cut))) {
      case .truncated?: break
      case let other: Issue.record("cut at \(cut): \(String(describing: other))")
      }
    }
  }

  @Test("flipped bits in the image data")
  func corrupt() {
    var bytes = good
    for offset in stride(from: 60, to: bytes.count - 20, by: 7) { bytes[offset] ^= 0x5A }
    switch reason(bytes) {
    case .corrupt?, .truncated?: break
    case let other: Issue.record("\(String(describing: other))")
    }
  }

  @Test("not a PNG at all")
  func notPNG() {
    #expect(reason([]) == .notPNG(detected: "an empty file"))
    #expect(reason([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]) == .notPNG(detected: "a JPEG image"))
    #expect(reason(Array("<hierarchy/>".utf8)) == .notPNG(detected: "text (XML or HTML)"))
  }

  @Test("a header claiming an absurd size is refused before allocating")
  func tooLarge() {
    var bytes = good
    // IHDR width and height at offsets 16 and 20: claim 100000×1000 (CRC now wrong, but the
    // size is checked first).
    bytes.replaceSubrange(16..<24, with: [0x00, 0x01, 0x86, 0xA0, 0x00, 0x00, 0x03, 0xE8])
    #expect(
      reason(bytes)
        == .tooLarge(width: 100_000, height: 1000, maximumPixels: RGBAImage.defaultMaximumPixels))
    // Sides whose product does not fit in an Int are counted without overflow, and refused.
    bytes.replaceSubrange(16..<24, with: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
    #expect(
      reason(bytes)
        == .tooLarge(
          width: 0xFFFF_FFFF, height: 0xFFFF_FFFF, maximumPixels: RGBAImage.defaultMaximumPixels))
  }

  @Test("a valid 20000×20000 PNG is refused from its header, naming the file, size and limit")
  func pixelLimit() throws {
    // A real, well-formed image: 20000 rows of 20000 grey pixels, all zero, compress to ~400 KB.
    let side = 20_000
    let png = try PNGEncoder.encode(
      [UInt8](repeating: 0, count: side * side / 8), width: side, height: side, channels: 1,
      bitDepth: 1, fast: true, source: "fixture")
    let path = try Fixtures.temporaryDirectory("bomb").appendingPathComponent("bomb.png").path
    #expect(FileManager.default.createFile(atPath: path, contents: Data(png)))
    let error = try #require(throws: ScreenshotError.self) { try RGBAImage(contentsOfPNG: path) }
    #expect(error.reason == .tooLarge(width: side, height: side, maximumPixels: 40_000_000))
    #expect(error.description.contains("bomb.png"))
    #expect(error.description.contains("20000x20000 is 400000000 pixels"))
    #expect(error.description.contains("limit of 40000000"))
    // The limit is a parameter: a small one refuses a small image, a large one lets it through.
    let small = try PNGEncoder.encode(
      [UInt8](repeating: 7, count: 64 * 32), width: 64, height: 32, channels: 1, bitDepth: 8,
      fast: true, source: "fixture")
    #expect(throws: ScreenshotError.self) {
      try RGBAImage(pngData: small, source: "small.png", maximumPixels: 2047)
    }
    let image = try RGBAImage(pngData: small, source: "small.png", maximumPixels: 2048)
    #expect(image.width == 64 && image.height == 32 && image.pixel(x: 5, y: 5).r == 7)
  }

  @Test("missing file")
  func missing() {
    #expect(throws: ScreenshotError.self) { try RGBAImage(contentsOfPNG: "/nonexistent.png") }
  }
}
