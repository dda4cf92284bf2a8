import Foundation
import Screenshots
import TestSupport
import Testing

/// Decodes every real screenshot in ../shared/realdata (never copied into the repo).
@Suite(
  "Real screenshots (../shared/realdata)",
  .enabled(if: Fixtures.hasRealData, "\(Fixtures.realDataMissing)"))
struct RealScreenshotConformanceTests {
  @Test("every .png decodes to its header's size, PNG or JPEG, or is named for what it is")
  func everyScreenshot() throws {
    let files = Fixtures.files(under: Fixtures.realData, suffixes: [".png"])
    #expect(files.count >= 100)
    var decoded: [ImageFormat: Int] = [:]
    for url in files {
      let bytes = [UInt8](try Data(contentsOf: url))
      do {
        let info = try ImageInfo(imageData: bytes, source: url.path)
        let image = try RGBAImage(imageData: bytes, source: url.path)
        #expect(image.width == info.width && image.height == info.height)
        #expect(try ImageStructure.validate(bytes, source: url.path) == info.format)
        decoded[info.format, default: 0] += 1
      } catch let error as ScreenshotError {
        // DroidBot's 0-pixel-high crop of a zero-area view must be said, not crash.
        #expect(url.path.contains("droidbot"), "\(error)")
        #expect(error.reason == .corrupt("zero width or height"), "\(error)")
      }
    }
    #expect(decoded[.png] ?? 0 >= 100)
    // DroidBot saves its 16 state screenshots as JPEG under .png names: all decode, with no
    // libjpeg warning (warnings are refused).
    #expect(decoded[.jpeg] ?? 0 >= 16)
  }
}
