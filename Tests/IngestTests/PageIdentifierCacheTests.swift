import Foundation
import GraphStore
import TestSupport
import Testing

@testable import Ingest

@Suite("Page identifiers kept within a byte budget")
struct PageIdentifierCacheTests {
  /// An identifier knowing `pages` pages of 10 distinct lines each.
  func identifier(pages: Int) -> PageIdentifier {
    var identifier = PageIdentifier(rule: PageIdentityRule())
    for page in 0..<pages {
      identifier.register(
        page: Int64(page), lines: LineHashes((0..<10).map { "<p>page \(page) line \($0)</p>" }))
    }
    return identifier
  }

  @Test("bounded in bytes, least recently used app evicted first; take hands the identifier over")
  func budget() {
    let one = identifier(pages: 1).approximateBytes
    #expect(one == PageIdentifier.approximateBytes(of: LineHashes((0..<10).map { "\($0)" })))
    #expect(identifier(pages: 3).approximateBytes == 3 * one)
    // Room for four pages' worth.
    var cache = PageIdentifierCache(byteBudget: 4 * one)
    cache.put(identifier(pages: 2), app: 1)
    cache.put(identifier(pages: 1), app: 2)
    #expect(cache.apps == [1, 2] && cache.bytes == 3 * one)
    let taken = cache.take(app: 1)
    #expect(taken?.count == 2 && cache.apps == [2] && cache.bytes == one)
    #expect(cache.take(app: 1) == nil)
    cache.put(taken!, app: 1)  // now the most recent
    cache.put(identifier(pages: 2), app: 3)  // 5 pages: evicts app 2, the least recent
    #expect(cache.apps == [1, 3] && cache.bytes == 4 * one)
    cache.put(identifier(pages: 9), app: 4)  // larger than the budget on its own: kept alone
    #expect(cache.apps == [4] && cache.bytes == 9 * one)
    cache.removeAll()
    #expect(cache.apps.isEmpty && cache.bytes == 0)
  }

  @Test("an ingest whose apps' identifiers are evicted at every switch writes the same graph")
  func sameGraphWhenEvicted() throws {
    let screens = [
      ["Home", "Feed", "Search"], ["Settings", "Wi-Fi", "Bluetooth"], ["About", "Version"],
      ["Search", "Results"], ["Inbox", "Sent", "Drafts"],
    ]
    let episode = try writeEpisode((0..<45).map { screens[($0 * 7 + $0 / 4) % screens.count] })
    // Three apps in turn, five steps each, each run starting afresh.
    let steps = try EpisodeReader.steps(in: episode).enumerated().map { index, step in
      var step = step
      step.app = "com.example.app\((index / 5) % 3)"
      if index % 5 == 0 {
        step.parentRecord = nil
        step.action = nil
      }
      return step
    }
    func ingest(identifierCacheBytes: Int) throws -> (IngestSummary, GraphContent) {
      let path = try Fixtures.temporaryDirectory().appendingPathComponent("g.sqlite").path
      var options = GraphIngester.Options()
      options.identifierCacheBytes = identifierCacheBytes
      options.batchSize = 6
      let summary = try GraphIngester(database: Database(path: path), options: options).ingest(
        steps, source: episode, format: "episode")
      return (summary, try GraphContent(path))
    }
    let (keptSummary, kept) = try ingest(identifierCacheBytes: 64 << 20)
    let (evictedSummary, evicted) = try ingest(identifierCacheBytes: 1)
    #expect(keptSummary.visits == 45 && keptSummary.newPages == 15)
    #expect(evictedSummary == keptSummary)
    for table in kept.tables.keys.sorted() {
      #expect(kept[table] == evicted[table], "table \(table) differs")
    }
  }
}
