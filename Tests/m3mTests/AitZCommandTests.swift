import Foundation
import GraphStore
import TestSupport
import Testing

/// AitZ episodes through the CLI as a user would run them: `m3m ingest` on AitZ's release
/// layout (`split/category/EPISODE/EPISODE.json` + PNGs), a corrupt episode among the good,
/// then `m3m agent run` and `score` on the same episode with the graph as memory.
@Suite("m3m on AitZ episodes")
struct AitZCommandTests {
  /// A root holding the fixture episode `GENERAL-1` and a corrupt `GENERAL-2`.
  func aitzRoot() throws -> (root: URL, episode: URL) {
    let root = try Fixtures.temporaryDirectory("aitz-root")
    let general = root.appendingPathComponent("test/general")
    let episode = general.appendingPathComponent("GENERAL-1")
    try FileManager.default.createDirectory(at: episode, withIntermediateDirectories: true)
    let fixture = try AitZFixture.write()
    for name in try FileManager.default.contentsOfDirectory(atPath: fixture.path) {
      try FileManager.default.copyItem(
        at: fixture.appendingPathComponent(name), to: episode.appendingPathComponent(name))
    }
    let corrupt = general.appendingPathComponent("GENERAL-2")
    try FileManager.default.createDirectory(at: corrupt, withIntermediateDirectories: true)
    try Data("{\"not\": \"an episode\"}".utf8).write(
      to: corrupt.appendingPathComponent("GENERAL-2.json"))
    return (root, episode)
  }

  @Test("ingest: the good episode's screens become OCR pages, the corrupt one a named reject")
  func ingestAndAgent() throws {
    let (root, episode) = try aitzRoot()
    let db = root.appendingPathComponent("g.sqlite").path
    let ingest = try ProcessResult.run("m3m", ["ingest", root.path, "--db", db, "--json"])
    #expect(ingest.status == 3, "\(ingest.stderr)")
    #expect(ingest.stderr.contains("GENERAL-1 (aitz)"), "\(ingest.stderr)")
    let summary = try #require(
      try JSONSerialization.jsonObject(with: Data(ingest.stdout.utf8)) as? [String: Any])
    #expect(summary["visits"] as? Int == 2 && summary["newPages"] as? Int == 2, "\(summary)")
    #expect(summary["newEdges"] as? Int == 1 && summary["rejected"] as? Int == 1, "\(summary)")
    let graph = try Database(path: db)
    let reject = try #require(try graph.fetchAll("SELECT file, reason FROM reject").first)
    #expect(reject[0].string?.hasSuffix("GENERAL-2/GENERAL-2.json") == true, "\(reject)")
    #expect(reject[1].string?.contains("expected a non-empty JSON array") == true, "\(reject)")
    #expect(
      try graph.scalar("SELECT count(*) FROM element WHERE class = 'm3m.OCRTextView'") ?? 0 >= 4)

    // The same episode, run and scored with that graph as memory: every answer read.
    let out = root.appendingPathComponent("run.jsonl").path
    let run = try ProcessResult.run(
      "m3m", ["agent", "run", "--episodes", episode.path, "--db", db, "--lang", "en", "--out", out])
    #expect(run.status == 0, "\(run.stderr)")
    let score = try ProcessResult.run("m3m", ["agent", "score", out, "--json"])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [String: Any])
    let micro = try #require(object["micro"] as? [String: Any], "\(score.stdout)")
    #expect(micro["count"] as? Int == 2 && micro["formatErrors"] as? Double == 0, "\(micro)")
  }

  @Test("--no-ocr: the screenshot-only screens are rejected, and say why")
  func noOCR() throws {
    let (root, _) = try aitzRoot()
    let db = root.appendingPathComponent("g.sqlite").path
    let ingest = try ProcessResult.run(
      "m3m", ["ingest", root.path, "--db", db, "--no-ocr", "--json"])
    #expect(ingest.status == 3, "\(ingest.stderr)")
    let summary = try #require(
      try JSONSerialization.jsonObject(with: Data(ingest.stdout.utf8)) as? [String: Any])
    #expect(summary["visits"] as? Int == 0 && summary["rejected"] as? Int == 3, "\(summary)")
    let reasons = try Database(path: db).fetchAll("SELECT reason FROM reject").compactMap {
      $0[0].string
    }
    #expect(reasons.filter { $0.contains("screenshot only") }.count == 2, "\(reasons)")
  }

  @Test("--ocr-lang and --ocr-timeout reach the reader: bad language, a screen past the limit")
  func ocrOptions() throws {
    let (root, _) = try aitzRoot()
    let db = root.appendingPathComponent("g.sqlite").path
    let bad = try ProcessResult.run(
      "m3m", ["ingest", root.path, "--db", db, "--ocr-lang", "eng+", "--json"])
    #expect(bad.status == 2 && bad.stderr.contains("--ocr-lang"), "\(bad.stderr)")

    let slow = try Fixtures.temporaryDirectory("aitz-slow").appendingPathComponent("SLOW-1")
    try FileManager.default.createDirectory(at: slow, withIntermediateDirectories: true)
    let words = "Words to read on this line"
    try AitZFixture.writeEpisode(
      named: "SLOW-1", goal: "Read", screens: [[words, words, words, words]],
      actions: [["result_action_type": 10]], into: slow)
    let slowDB = slow.appendingPathComponent("g.sqlite").path
    let timedOut = try ProcessResult.run(
      "m3m",
      [
        "ingest", slow.path, "--db", slowDB, "--ocr-lang", "chi_sim+eng", "--ocr-timeout",
        "0.001", "--json",
      ])
    #expect(timedOut.status == 3, "\(timedOut.stderr)")
    let reason = try Database(path: slowDB).fetchAll("SELECT reason FROM reject").first?[0].string
    #expect(reason?.contains("SLOW-1_0.png") == true, "\(reason ?? "")")
    #expect(reason?.contains("--ocr-timeout") == true, "\(reason ?? "")")
  }
}
