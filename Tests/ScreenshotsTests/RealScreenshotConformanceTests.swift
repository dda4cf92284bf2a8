import Foundation
import Screenshots
import TestSupport
import Testing

/// Decodes every real screenshot in ../shared/realdata (never copied into the repo).
@Suite(
  "Real screenshots (../shared/realdata)",
  .enabled(if: Fixtures.hasRealData, "\(Fixtures.realDataMissing)"))
struct RealScreenshotConformanceTests {
  @Test("every .png decodes to its header's size, or is named for what it really is")
  func everyScreenshot() throws {
    let files = Fixtures.files(under: Fixtures.realData, suffixes: [".png"])
    #expect(files.count >= 100)
    var decoded = 0
    for url in files {
      let bytes = [UInt8](try Data(contentsOf: url))
      do {
        let info = try PNGInfo(pngData: bytes, source: url.path)
        let image = try RGBAImage(pngData: bytes, source: url.path)
        #expect(image.width == info.width && image.height == info.height)
        decoded += 1
      } catch let error as ScreenshotError {
        // DroidBot saves JPEG screenshots under .png names, and a 0-pixel-high crop of a
        // zero-area view: each must be said, not crash.
        #expect(url.path.contains("droidbot"), "\(error)")
        #expect(
          error.reason == .notPNG(detected: "a JPEG image")
            || error.reason == .corrupt("zero width or height"), "\(error)")
      }
    }
    #expect(decoded >= 100)
  }
}
