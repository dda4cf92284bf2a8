import Foundation
import Screenshots
import Testing

@Suite("PNG structure check")
struct PNGStructureTests {
  func png() throws -> [UInt8] {
    var image = RGBAImage(width: 40, height: 30, fill: .white)
    image.draw("Hi", at: .init(x: 2, y: 2), scale: 1)
    return try image.pngData()
  }

  func reason(_ bytes: [UInt8]) -> ScreenshotError.Reason? {
    do {
      try PNGStructure.validate(bytes, source: "s.png")
      return nil
    } catch let error as ScreenshotError {
      #expect(error.source == "s.png")
      return error.reason
    } catch {
      Issue.record("unexpected \(error)")
      return nil
    }
  }

  @Test("a sound PNG passes; not a PNG, cut short or with a damaged byte is refused")
  func validate() throws {
    let bytes = try png()
    #expect(reason(bytes) == nil)
    #expect(reason(Array("<hierarchy/>".utf8)) == .notPNG(detected: "text (XML or HTML)"))
    #expect(reason([]) == .notPNG(detected: "an empty file"))
    // Cut anywhere after the header: truncated.
    for length in [33, 40, bytes.count / 2, bytes.count - 1] {
      guard case .truncated = reason(Array(bytes.prefix(length))) else {
        Issue.record("cut at \(length) of \(bytes.count) not called truncated")
        continue
      }
    }
    // One byte changed inside the image data: the chunk's CRC no longer matches.
    var damaged = bytes
    damaged[bytes.count - 20] ^= 0x55
    guard case .corrupt(let detail) = reason(damaged) else {
      Issue.record("a damaged byte was not found")
      return
    }
    #expect(detail.hasPrefix("bad CRC in chunk"))
  }
}
