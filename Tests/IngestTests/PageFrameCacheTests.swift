import Screenshots
import Testing

@testable import Ingest

@Suite("Decoded page frames cache")
struct PageFrameCacheTests {
  /// A `side`×`side` frame whose every pixel differs from its neighbours (no runs, no repeated
  /// rows: it takes `side` × (`side` + 1) × 4 bytes of pixels and headers, and 8 a row).
  func frame(_ side: Int, shade: UInt8) -> CompactFrame {
    var image = RGBAImage(width: side, height: side)
    for index in image.pixels.indices where index % 4 != 3 {
      image.pixels[index] = UInt8(truncatingIfNeeded: index / 4) &+ shade
    }
    return CompactFrame(image)
  }

  @Test("kept by page, bounded in the bytes frames hold, least recently used evicted first")
  func bytes() {
    // A 32×32 frame takes 4480 bytes: a 10 KB budget holds two.
    #expect(frame(32, shade: 1).byteCount == 32 * 33 * 4 + 32 * 8)
    var cache = PageFrameCache(byteBudget: 10 * 1024)
    cache.insert(frame(32, shade: 1), page: 1, digest: 11)
    cache.insert(frame(32, shade: 2), page: 2, digest: 12)
    #expect(cache.bytes == 8960 && cache.pages == [1, 2])
    #expect(cache.frame(page: 1, digest: 11)?.image.pixel(x: 0, y: 0).r == 1)  // now most recent
    #expect(cache.pages == [2, 1])
    cache.insert(frame(32, shade: 3), page: 3, digest: 13)  // evicts 2, the least recently used
    #expect(cache.pages == [1, 3] && cache.bytes == 8960)
    #expect(cache.frame(page: 2, digest: 12) == nil)
    // A page's frame under another digest (its id reused after a rollback) is not returned.
    #expect(cache.frame(page: 3, digest: 99) == nil)
    #expect(cache.pages == [1] && cache.bytes == 4480)
    cache.removeAll()
    #expect(cache.pages.isEmpty && cache.bytes == 0)
  }

  @Test("a frame larger than the budget is not kept; a page inserted again replaces its frame")
  func limits() {
    var cache = PageFrameCache(byteBudget: 5000)
    cache.insert(frame(64, shade: 9), page: 1, digest: 1)  // 17 KB
    #expect(cache.pages.isEmpty && cache.bytes == 0)
    cache.insert(frame(32, shade: 1), page: 2, digest: 2)
    cache.insert(frame(20, shade: 5), page: 2, digest: 3)
    #expect(cache.pages == [2] && cache.bytes == frame(20, shade: 5).byteCount)
    #expect(cache.frame(page: 2, digest: 3)?.image.pixel(x: 0, y: 0).r == 5)
  }

  @Test("the bytes held never exceed the budget, whatever the sizes and the order")
  func neverOverBudget() {
    let budget = 100_000
    var cache = PageFrameCache(byteBudget: budget)
    var state: UInt64 = 12
    func next(_ bound: UInt64) -> UInt64 {  // a fixed pseudo-random sequence
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return (state >> 33) % bound
    }
    var largest = 0
    for step in 0..<400 {
      let side = Int(next(100)) + 1
      let page = Int64(next(40))
      if next(2) == 0 {
        cache.insert(frame(side, shade: UInt8(step % 256)), page: page, digest: page)
      } else {
        _ = cache.frame(page: page, digest: page)
      }
      #expect(cache.bytes <= budget)
      largest = max(largest, cache.bytes)
    }
    #expect(largest > budget / 2)  // the budget was reached, not merely never approached
  }
}
