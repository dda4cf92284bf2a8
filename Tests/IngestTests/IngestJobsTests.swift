import Foundation
import GraphStore
import Ingest
import TestSupport
import Testing

@Suite("Ingest with steps prepared ahead on several threads")
struct IngestJobsLibraryTests {
  let screens = [
    ["Home", "Feed", "Search", "Profile"], ["Settings", "Wi-Fi", "Bluetooth", "Display"],
    ["About", "Version", "Legal"], ["Search", "Results"],
  ]

  /// Ingests `episode` into a fresh graph with `jobs` threads and `decodeAheadBytes`.
  func ingest(_ episode: String, jobs: Int, decodeAheadBytes: Int) throws -> (
    IngestSummary, GraphContent
  ) {
    let path = try Fixtures.temporaryDirectory().appendingPathComponent("g.sqlite").path
    var options = GraphIngester.Options()
    options.jobs = jobs
    options.decodeAheadBytes = decodeAheadBytes
    options.batchSize = 7
    let summary = try GraphIngester(database: Database(path: path), options: options).ingest(
      EpisodeReader.steps(in: episode), source: episode, format: "episode")
    return (summary, try GraphContent(path))
  }

  @Test(
    "any number of jobs and any decode-ahead budget (none, one screen, all) writes the same graph",
    arguments: [(3, 200 * 400 * 4), (4, 0), (2, 64 << 20)])
  func sameGraph(jobs: Int, decodeAheadBytes: Int) throws {
    let order = (0..<40).map { screens[($0 * 3 + $0 / 5) % screens.count] }
    let episode = try writeEpisode(order, broken: [5, 6, 19])
    let (oneSummary, one) = try ingest(episode, jobs: 1, decodeAheadBytes: 0)
    let (summary, many) = try ingest(episode, jobs: jobs, decodeAheadBytes: decodeAheadBytes)
    #expect(oneSummary.rejected == 3 && oneSummary.visits == 37 && oneSummary.newPages == 4)
    #expect(summary == oneSummary)
    for table in one.tables.keys.sorted() {
      #expect(one[table] == many[table], "table \(table) differs")
    }
  }

  @Test("a source ingested again with several jobs is skipped step by step, adding nothing")
  func resumeSkips() throws {
    let episode = try writeEpisode(screens + screens)
    let path = try Fixtures.temporaryDirectory().appendingPathComponent("g.sqlite").path
    var options = GraphIngester.Options()
    options.jobs = 3
    let first = try GraphIngester(database: Database(path: path), options: options).ingest(
      EpisodeReader.steps(in: episode), source: episode, format: "episode")
    let before = try GraphContent(path)
    let again = try GraphIngester(database: Database(path: path), options: options).ingest(
      EpisodeReader.steps(in: episode), source: episode, format: "episode")
    #expect(first.visits == 8 && again.visits == 0 && again.skipped == 8)
    #expect(try GraphContent(path) == before)
  }
}
