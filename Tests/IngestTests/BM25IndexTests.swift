import Foundation
import Ingest
import Testing

@Suite("BM25 over HTML lines")
struct BM25IndexTests {
  func page(_ lines: String...) -> LineHashes { LineHashes(lines) }

  @Test("pages added during a run are retrievable at once (the original's bug, fixed)")
  func incremental() {
    var index = BM25Index()
    index.add(page: 1, lines: page("a", "b", "c"))
    #expect(index.top(5, for: page("x", "y")).isEmpty)
    index.add(page: 2, lines: page("x", "y", "z"))
    #expect(index.top(5, for: page("x", "y")).map(\.page) == [2])
  }

  @Test("scores match the BM25 formula on a hand-computed case")
  func formula() throws {
    var index = BM25Index()
    index.add(page: 10, lines: page("a", "b"))
    index.add(page: 20, lines: page("a", "c", "d", "e"))
    let results = index.top(2, for: page("b"))
    let best = try #require(results.first)
    // N = 2, df(b) = 1, avgdl = 3, dl = 2, tf = 1
    let idf = log((2 - 1 + 0.5) / (1 + 0.5) + 1)
    let expected = idf * 1 * 2.5 / (1 + 1.5 * (1 - 0.75 + 0.75 * 2 / 3))
    #expect(best.page == 10)
    #expect(abs(best.score - expected) < 1e-12)
    #expect(results.count == 1)
  }

  @Test("top-k ranks by shared distinctive lines")
  func ranking() {
    var index = BM25Index()
    index.add(page: 1, lines: page("bar", "home", "feed1", "feed2"))
    index.add(page: 2, lines: page("bar", "settings", "wifi", "bluetooth"))
    index.add(page: 3, lines: page("bar", "profile"))
    let top = index.top(2, for: page("bar", "settings", "wifi", "sound"))
    #expect(top.first?.page == 2)
    #expect(top.count == 2)
  }

  @Test("Jaccard of distinct line sets")
  func jaccard() {
    #expect(page("a", "b", "b").jaccard(page("b", "a")) == 1)
    #expect(page("a", "b").jaccard(page("b", "c")) == 1.0 / 3.0)
    #expect(page("a").jaccard(page("b")) == 0)
    #expect(page().jaccard(page()) == 1)
  }
}
