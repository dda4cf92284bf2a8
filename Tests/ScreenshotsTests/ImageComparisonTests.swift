import Geometry
import Screenshots
import Testing

@Suite("Pixel difference, perceptual hash, crop and drawing")
struct ImageComparisonTests {
  @Test("pixel-difference ratio counts differing channel values")
  func ratio() {
    let a = RGBAImage(width: 10, height: 10, fill: .white)
    #expect(pixelDifferenceRatio(a, a) == 0)
    var b = a
    b.fill(Bounds(left: 0, top: 0, right: 1, bottom: 1), with: .black)
    // One pixel: R, G, B differ, alpha equal → 3 of 400 values.
    #expect(pixelDifferenceRatio(a, b) == 3.0 / 400.0)
    #expect(pixelDifferenceRatio(a, b, channels: 3) == 3.0 / 300.0)
    #expect(pixelDifferenceRatio(a, RGBAImage(width: 10, height: 11)) == 1)
    var half = a
    half.fill(Bounds(left: 0, top: 0, right: 10, bottom: 5), with: .black)
    #expect(pixelDifferenceRatio(a, half) == 0.375)
    #expect(pixelDifferenceExceeds(a, half, threshold: 0.3))
    #expect(!pixelDifferenceExceeds(a, half, threshold: 0.4))
    #expect(!pixelDifferenceExceeds(a, b, threshold: 0.3))
  }

  @Test("dHash: stable under small changes, far apart for different layouts")
  func hash() {
    var list = RGBAImage(width: 360, height: 640, fill: .white)
    for row in 0..<8 {
      list.fill(Bounds(left: 0, top: row * 80, right: 360, bottom: row * 80 + 40), with: .lightGray)
    }
    var clock = list
    clock.draw("12:31", at: Point(x: 300, y: 4), scale: 1)
    var grid = RGBAImage(width: 360, height: 640, fill: .white)
    for column in 0..<4 {
      grid.fill(
        Bounds(left: column * 90, top: 0, right: column * 90 + 45, bottom: 640), with: .blue)
    }
    let base = PerceptualHash(list)
    #expect(base.distance(to: PerceptualHash(clock)) <= 4)
    #expect(base.distance(to: PerceptualHash(grid)) >= 16)
    #expect(base.description.count == 16)
  }

  @Test("crops are clipped; empty, inverted or outside boxes are refused")
  func crop() throws {
    var image = RGBAImage(width: 20, height: 10, fill: .white)
    image.fill(Bounds(left: 15, top: 5, right: 20, bottom: 10), with: .red)
    let corner = try image.cropped(to: Bounds(left: 15, top: 5, right: 40, bottom: 40))
    #expect(corner.width == 5 && corner.height == 5)
    #expect(corner.pixel(x: 0, y: 0) == .red)
    #expect(throws: ScreenshotError.self) {
      try image.cropped(to: Bounds(left: 5, top: 5, right: 2, bottom: 8))
    }
    #expect(throws: ScreenshotError.self) {
      try image.cropped(to: Bounds(left: 30, top: 0, right: 40, bottom: 5))
    }
  }

  @Test("outlines, blended fills and text change the expected pixels")
  func drawing() {
    var image = RGBAImage(width: 100, height: 50, fill: .white)
    image.stroke(Bounds(left: 10, top: 10, right: 40, bottom: 40), with: .green, thickness: 2)
    #expect(image.pixel(x: 10, y: 20) == .green)
    #expect(image.pixel(x: 39, y: 20) == .green)
    #expect(image.pixel(x: 20, y: 20) == .white)
    image.fill(
      Bounds(left: 50, top: 0, right: 60, bottom: 10), with: RGBAColor.black.withAlpha(128))
    #expect(image.pixel(x: 55, y: 5) == RGBAColor(r: 127, g: 127, b: 127, a: 255))
    var text = RGBAImage(width: 100, height: 30, fill: .white)
    text.draw("I", at: Point(x: 0, y: 0), color: .black, scale: 2)
    // 'I' is a vertical bar in column 2 of the glyph: font pixel (2, 3) → screen (4..5, 6..7).
    #expect(text.pixel(x: 4, y: 6) == .black)
    #expect(text.pixel(x: 0, y: 6) == .white)
    let size = RGBAImage.measure("abc", scale: 2)
    #expect(size.width == 34 && size.height == 14)
    var plate = RGBAImage(width: 60, height: 30, fill: .white)
    plate.draw("中", at: Point(x: 5, y: 5), color: .black, scale: 2, background: .yellow)
    #expect(plate.pixel(x: 4, y: 4) == .yellow)
    #expect(plate.pixel(x: 5, y: 5) == .black)  // hollow box corner for a non-ASCII character
  }
}
