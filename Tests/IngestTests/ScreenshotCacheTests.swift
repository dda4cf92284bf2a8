import Screenshots
import Testing

@testable import Ingest

@Suite("Decoded-screenshot cache")
struct ScreenshotCacheTests {
  func png(_ side: Int, shade: UInt8) throws -> [UInt8] {
    try RGBAImage(width: side, height: side, fill: RGBAColor(r: shade, g: shade, b: shade, a: 255))
      .pngData()
  }

  @Test("bounded in bytes of pixels, least recently used evicted first")
  func bytes() throws {
    // 32×32 RGBA is 4 KB: a 10 KB budget holds two.
    var cache = ScreenshotCache(byteBudget: 10 * 1024)
    var loads = 0
    func image(_ digest: Int64) throws -> RGBAImage? {
      let bytes = try png(32, shade: UInt8(digest))
      return try cache.image(digest: digest, source: "\(digest).png") {
        loads += 1
        return bytes
      }
    }
    #expect(try image(1)?.pixel(x: 0, y: 0).r == 1)
    _ = try image(2)
    #expect(cache.bytes == 8192 && loads == 2)
    _ = try image(1)  // a hit: 1 becomes the most recent
    #expect(loads == 2 && cache.digests == [2, 1])
    _ = try image(3)  // evicts 2, the least recently used
    #expect(cache.digests == [1, 3] && cache.bytes == 8192)
    _ = try image(2)
    #expect(loads == 4 && cache.digests == [3, 2])
  }

  @Test("an image larger than the budget is returned but not kept; one over the pixel limit throws")
  func limits() throws {
    var cache = ScreenshotCache(byteBudget: 1024, maximumPixels: 10_000)
    let big = try png(64, shade: 9)  // 16 KB decoded
    #expect(try cache.image(digest: 1, source: "big.png") { big }?.width == 64)
    #expect(cache.digests.isEmpty && cache.bytes == 0)
    let huge = try png(101, shade: 9)  // 10,201 pixels: over the limit, not decoded
    #expect(throws: ScreenshotError.self) {
      try cache.image(digest: 2, source: "huge.png") { huge }
    }
    #expect(cache.digests.isEmpty)
  }
}
