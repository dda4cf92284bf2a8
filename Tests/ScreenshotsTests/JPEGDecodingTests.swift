import Foundation
import Geometry
import TestSupport
import Testing

@testable import Screenshots

@Suite("JPEG decoding through libjpeg-turbo")
struct JPEGDecodingTests {
  /// A 64×48 screen of four flat quadrants (edges on 16-pixel lines, so 4:2:0 blocks stay flat).
  static let pattern: RGBAImage = {
    var image = RGBAImage(width: 64, height: 48, fill: .white)
    image.fill(Bounds(left: 32, top: 0, right: 64, bottom: 16), with: .red)
    image.fill(Bounds(left: 0, top: 16, right: 32, bottom: 48), with: .blue)
    image.fill(Bounds(left: 32, top: 32, right: 64, bottom: 48), with: .black)
    return image
  }()

  /// A 128×128 gradient: enough entropy-coded data that a cut lands inside it.
  static let gradient: RGBAImage = {
    var pixels: [UInt8] = []
    for y in 0..<128 {
      for x in 0..<128 { pixels += [UInt8(x * 2), UInt8(y * 2), UInt8((x + y) % 256), 255] }
    }
    return RGBAImage(width: 128, height: 128, pixels: pixels)!
  }()

  /// The largest channel difference over pixels at least 4 from a quadrant edge (libjpeg's
  /// chroma upsampling blends colours across edges), and the mean over all pixels.
  func differences(_ a: RGBAImage, _ b: RGBAImage) -> (interior: Int, mean: Double) {
    var interior = 0
    var total = 0
    for y in 0..<a.height {
      for x in 0..<a.width {
        let offset = (y * a.width + x) * 4
        let difference = (0..<4).map {
          abs(Int(a.pixels[offset + $0]) - Int(b.pixels[offset + $0]))
        }
        total += difference.reduce(0, +)
        let nearEdge = [16, 32].contains { abs(y - $0) < 4 } || abs(x - 32) < 4
        if !nearEdge { interior = max(interior, difference.max() ?? 0) }
      }
    }
    return (interior, Double(total) / Double(a.pixels.count))
  }

  @Test("a JPEG encoded by libturbojpeg decodes to its size and colours, found by its bytes")
  func roundTrip() throws {
    let jpeg = try Self.pattern.jpegData(quality: 95)
    #expect(ImageFormat(sniffing: jpeg) == .jpeg)
    let info = try ImageInfo(imageData: jpeg, source: "a.jpg")
    #expect(info.format == .jpeg && info.width == 64 && info.height == 48)
    let decoded = try RGBAImage(imageData: jpeg, source: "a.jpg")
    #expect(decoded.width == 64 && decoded.height == 48 && decoded.isOpaque)
    let difference = differences(decoded, Self.pattern)
    #expect(
      difference.interior <= 8 && difference.mean < 4, "lossy, but only slightly: \(difference)")
    #expect(decoded.pixel(x: 48, y: 8).r > 200 && decoded.pixel(x: 48, y: 8).g < 60)
    #expect(decoded.pixel(x: 8, y: 40).b > 200 && decoded.pixel(x: 8, y: 40).r < 60)
    // The same bytes under a .png name (DroidBot's habit) decode the same from a file.
    let path = try Fixtures.temporaryDirectory("jpeg").appendingPathComponent("screen.png").path
    #expect(FileManager.default.createFile(atPath: path, contents: Data(jpeg)))
    #expect(try RGBAImage(contentsOfImage: path) == decoded)
    #expect(try ImageInfo(contentsOfImage: path) == info)
    #expect(try ImageStructure.validate(jpeg, source: path) == .jpeg)
    // PNG still goes through libpng on the same entry point, losslessly.
    #expect(try RGBAImage(imageData: Self.pattern.pngData(), source: "a.png") == Self.pattern)
  }

  @Test("a JPEG cut short is a typed error naming the file, from decoding and from vetting")
  func truncated() throws {
    let jpeg = try Self.gradient.jpegData(quality: 95)
    #expect(try RGBAImage(imageData: jpeg, source: "whole.jpg").width == 128)
    let cut = Array(jpeg.prefix(jpeg.count * 2 / 3))
    let error = try #require(throws: ScreenshotError.self) {
      try RGBAImage(imageData: cut, source: "cut.png")
    }
    guard case .truncatedJPEG(let detail) = error.reason else {
      Issue.record("expected truncatedJPEG, got \(error)")
      return
    }
    #expect(detail.contains("Premature end"), "\(detail)")
    #expect(error.description.hasPrefix("cut.png: truncated JPEG: "))
    let vetted = try #require(throws: ScreenshotError.self) {
      try ImageStructure.validate(cut, source: "cut.png")
    }
    #expect(vetted.reason == .truncatedJPEG("no end-of-image marker: the file ends early"))
    // Cut inside the headers: the size cannot even be read.
    let head = Array(jpeg.prefix(40))
    #expect(throws: ScreenshotError.self) { try ImageInfo(imageData: head, source: "head.jpg") }
    #expect(throws: ScreenshotError.self) { try RGBAImage(imageData: head, source: "head.jpg") }
    // Only the signature.
    #expect(throws: ScreenshotError.self) {
      try RGBAImage(imageData: [0xFF, 0xD8, 0xFF], source: "sig.jpg")
    }
  }

  @Test("damaged JPEG bytes are a corrupt-JPEG error, never a crash")
  func corrupt() throws {
    let jpeg = try Self.pattern.jpegData(quality: 95)
    // A frame header (SOF0) claiming 7 components.
    var badFrame = jpeg
    let sof = try #require(Self.marker(0xC0, in: jpeg))
    badFrame[sof + 9] = 7
    let frameError = try #require(throws: ScreenshotError.self) {
      try RGBAImage(imageData: badFrame, source: "frame.jpg")
    }
    guard case .corruptJPEG = frameError.reason else {
      Issue.record("expected corruptJPEG, got \(frameError)")
      return
    }
    // Every byte of the entropy-coded data replaced by a marker that does not belong there:
    // libjpeg warns, and a warning is refused rather than grey pixels returned.
    var badData = jpeg
    let scan = try #require(Self.marker(0xDA, in: jpeg))
    let dataStart = scan + 2 + (Int(jpeg[scan + 2]) << 8 | Int(jpeg[scan + 3]))
    for index in stride(from: dataStart, to: jpeg.count - 3, by: 2) {
      badData[index] = 0xFF
      badData[index + 1] = 0xD0
    }
    #expect(throws: ScreenshotError.self) { try RGBAImage(imageData: badData, source: "data.jpg") }
    // Random bytes after a JPEG signature.
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20 {
      let noise =
        [0xFF, 0xD8, 0xFF] + (0..<500).map { _ in UInt8.random(in: 0...255, using: &generator) }
      #expect(throws: ScreenshotError.self) { try RGBAImage(imageData: noise, source: "noise.jpg") }
    }
  }

  @Test("a CMYK JPEG is unsupported, not corrupt; damaged data is corrupt, not truncated")
  func unsupportedAndDamaged() throws {
    let cmyk = try Self.pattern.jpegData(quality: 90, cmyk: true)
    for error in [
      try #require(throws: ScreenshotError.self) {
        try RGBAImage(imageData: cmyk, source: "print.jpg")
      },
      try #require(throws: ScreenshotError.self) {
        try ImageInfo(imageData: cmyk, source: "print.jpg")
      },
    ] {
      #expect(
        error.description == "print.jpg: unsupported JPEG: CMYK colour (print colours; "
          + "a screenshot is RGB or grey)", "\(error)")
    }
    // Markers inside the entropy-coded data of a file that still ends with its EOI marker.
    let jpeg = try Self.gradient.jpegData(quality: 95)
    var damaged = jpeg
    let scan = try #require(Self.marker(0xDA, in: jpeg))
    let dataStart = scan + 2 + (Int(jpeg[scan + 2]) << 8 | Int(jpeg[scan + 3]))
    for index in stride(from: dataStart + 64, to: jpeg.count - 3, by: 97) {
      damaged[index] = 0xFF
      damaged[index + 1] = 0xD3
    }
    let error = try #require(throws: ScreenshotError.self) {
      try RGBAImage(imageData: damaged, source: "damaged.jpg")
    }
    guard case .corruptJPEG = error.reason else {
      Issue.record("expected corruptJPEG, got \(error)")
      return
    }
  }

  @Test("an empty screenshot file is named as empty, not as an I/O error")
  func emptyFile() throws {
    let path = try Fixtures.temporaryDirectory("jpeg-empty").appendingPathComponent("s.jpg").path
    #expect(FileManager.default.createFile(atPath: path, contents: Data()))
    for error in [
      try #require(throws: ScreenshotError.self) { try RGBAImage(contentsOfImage: path) },
      try #require(throws: ScreenshotError.self) { try ImageInfo(contentsOfImage: path) },
    ] {
      #expect(error.reason == .notAnImage(detected: "an empty file"), "\(error)")
    }
  }

  @Test("a JPEG header claiming 60000×60000 is refused before any pixels are allocated")
  func hugeHeader() throws {
    var jpeg = try Self.pattern.jpegData(quality: 95)
    let sof = try #require(Self.marker(0xC0, in: jpeg))
    // 60000 a side (libjpeg's own ceiling is 65500): 3.6 gigapixels, 14 GB decoded.
    jpeg.replaceSubrange((sof + 5)..<(sof + 9), with: [0xEA, 0x60, 0xEA, 0x60])
    let error = try #require(throws: ScreenshotError.self) {
      try RGBAImage(imageData: jpeg, source: "bomb.jpg")
    }
    #expect(
      error.reason
        == .tooLarge(width: 60000, height: 60000, maximumPixels: RGBAImage.defaultMaximumPixels))
    #expect(error.description.contains("bomb.jpg: image too large: 60000x60000"))
    // The limit is a parameter, checked from the header of a real image too.
    let small = try Self.pattern.jpegData()
    #expect(throws: ScreenshotError.self) {
      try RGBAImage(imageData: small, source: "s.jpg", maximumPixels: 64 * 48 - 1)
    }
    #expect(try RGBAImage(imageData: small, source: "s.jpg", maximumPixels: 64 * 48).width == 64)
  }

  @Test("bytes that are neither PNG nor JPEG are named for what they are")
  func neither() {
    func reason(_ bytes: [UInt8]) -> ScreenshotError.Reason? {
      do {
        _ = try RGBAImage(imageData: bytes, source: "x")
        return nil
      } catch let error as ScreenshotError {
        return error.reason
      } catch {
        return nil
      }
    }
    #expect(reason(Array("GIF89a".utf8)) == .notAnImage(detected: "a GIF image"))
    #expect(reason([]) == .notAnImage(detected: "an empty file"))
    #expect(reason(Array("<hierarchy/>".utf8)) == .notAnImage(detected: "text (XML or HTML)"))
  }

  /// The offset of the first `FF code` marker after SOI.
  static func marker(_ code: UInt8, in bytes: [UInt8]) -> Int? {
    var offset = 2
    while offset + 4 <= bytes.count, bytes[offset] == 0xFF {
      if bytes[offset + 1] == code { return offset }
      offset += 2 + (Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3]))
    }
    return nil
  }
}
