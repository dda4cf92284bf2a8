import Foundation
import GraphStore
import Ingest
import Screenshots
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

  @Test(
    "many sources through one pipeline (one all broken, one empty) write the graph one source at a time writes",
    arguments: [(2, 0), (3, 200 * 400 * 4), (4, 64 << 20)])
  func manySources(jobs: Int, decodeAheadBytes: Int) throws {
    // Episodes of two to five steps, as AppAgent's task folders are; the fourth's every dump broken.
    let episodes = try (0..<9).map { number in
      let order = (0..<(2 + number % 4)).map { screens[(number + $0 * 3) % screens.count] }
      let broken = number == 3 ? Set(0..<order.count) : [number % 3]
      return try writeEpisode(order, broken: broken)
    }
    let empty = try Fixtures.temporaryDirectory("empty").path
    var sources = try episodes.map {
      IngestSource(steps: try EpisodeReader.steps(in: $0), path: $0, format: "episode")
    }
    sources.insert(IngestSource(steps: [TraceStep](), path: empty, format: "episode"), at: 5)
    let work = try Fixtures.temporaryDirectory()
    var options = GraphIngester.Options()
    options.batchSize = 4
    // One source at a time, each ingest on its own, one job.
    let eachPath = work.appendingPathComponent("each.sqlite").path
    let eachIngester = try GraphIngester(database: Database(path: eachPath), options: options)
    var eachSummary = IngestSummary()
    for source in sources {
      eachSummary.add(
        try eachIngester.ingest(source.steps, source: source.path, format: source.format))
    }
    // All of them through one pipeline, sharing transactions as `m3m ingest` does.
    options.jobs = jobs
    options.decodeAheadBytes = decodeAheadBytes
    let onePath = work.appendingPathComponent("one.sqlite").path
    let ingester = try GraphIngester(database: Database(path: onePath), options: options)
    let summary = try ingester.batchingSources { try ingester.ingest(sources: sources) }
    #expect(summary == eachSummary)
    #expect(summary.rejected >= 10 && summary.visits >= 15 && summary.newPages >= 3, "\(summary)")
    let (each, one) = (try GraphContent(eachPath), try GraphContent(onePath))
    #expect(each["source"].count == 10 && each["reject"].count == summary.rejected, "\(each)")
    for table in each.tables.keys.sorted() {
      #expect(each[table] == one[table], "table \(table) differs")
    }
    // Again through one pipeline: every visit is known, nothing is added (steps rejected before
    // are tried again, and rejected again).
    let again = try ingester.batchingSources { try ingester.ingest(sources: sources) }
    #expect(again.visits == 0 && again.skipped == summary.visits, "\(again)")
    #expect(try GraphContent(onePath) == one)
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

  @Test(
    "screenshots compared ahead of the writer (every capture distinct, pages made by steps still in flight, same-line pages apart in pixels) give the graph one job gives",
    arguments: [(2, 64 << 20), (3, 200 * 400 * 4 * 2), (4, 64 << 20)])
  func comparedAhead(jobs: Int, decodeAheadBytes: Int) throws {
    // Each screen shown twice or three times in a row and again a few steps later: a revisit's
    // page is often made by a step the writer is still recording when the revisit is prepared.
    let order = (0..<48).map { screens[($0 / 3 + ($0 % 3 == 2 ? 2 : 0)) % screens.count] }
    let episode = try writeEpisode(order, broken: [7])
    // Every capture made distinct (one pixel); every fifth half repainted, so its pixel test
    // fails and it becomes a page with the same lines as another.
    for step in order.indices where step != 7 {
      let path = "\(episode)/screenshots/step_\(step).png"
      var image = try RGBAImage(contentsOfImage: path)
      image.pixels[4 * (step + 1)] ^= 0x55
      if step % 5 == 4 {
        for byte in 0..<(image.pixels.count / 2) where byte % 4 != 3 { image.pixels[byte] ^= 0xA5 }
      }
      try Data(image.pngData()).write(to: URL(fileURLWithPath: path))
    }
    let (oneSummary, one) = try ingest(episode, jobs: 1, decodeAheadBytes: 0)
    let (summary, many) = try ingest(episode, jobs: jobs, decodeAheadBytes: decodeAheadBytes)
    #expect(oneSummary.visits == 47 && oneSummary.rejected == 1, "\(oneSummary)")
    // Repainted screens made pages of their own; other revisits matched by pixels.
    #expect(oneSummary.newPages > screens.count && oneSummary.newPages < 20, "\(oneSummary)")
    let pixelMatches = one["visit"].filter { !$0.contains("| new |") && !$0.contains("| 0.0 |") }
    #expect(pixelMatches.count > 20, "\(one["visit"])")
    #expect(summary == oneSummary)
    for table in one.tables.keys.sorted() {
      #expect(one[table] == many[table], "table \(table) differs")
    }
  }
}
