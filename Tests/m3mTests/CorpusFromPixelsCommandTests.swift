import Foundation
import TestSupport
import Testing

/// `m3m corpus build` and `corpus eval` on a graph whose pages were read from pixels (an AitZ
/// episode: screenshots, no dumps), run as a user would after `m3m ingest`.
@Suite("m3m corpus on OCR pages")
struct CorpusFromPixelsCommandTests {
  /// A graph ingested from a two-screen AitZ episode (no dumps: both pages read by OCR), in a
  /// new folder; returns the folder and the graph's path.
  func ocrGraph() throws -> (folder: URL, db: String) {
    let folder = try Fixtures.temporaryDirectory("corpus-ocr")
    // "Display" is drawn at (40, 120), 147 × 21 px: its centre is (113, 130) of 700 × 400.
    try AitZFixture.writeEpisode(
      named: "GENERAL-7", goal: "Open Display",
      screens: [
        ["Settings", "Display", "Sound", "Search apps"],
        ["Display", "Brightness", "Dark theme", "Font size"],
      ],
      actions: [
        [
          "result_action_type": 4, "result_touch_yx": "[0.325, 0.161]",
          "result_lift_yx": "[0.325, 0.161]",
        ],
        ["result_action_type": 10],
      ], into: folder)
    let db = folder.appendingPathComponent("g.sqlite").path
    let ingest = try ProcessResult.run("m3m", ["ingest", folder.path, "--db", db])
    #expect(ingest.status == 0, "\(ingest.stderr)")
    return (folder, db)
  }

  @Test("OCR pages give element-list, action-space, grounding and action-prediction samples")
  func corpusFromPixels() throws {
    let (folder, db) = try ocrGraph()

    let corpus = folder.appendingPathComponent("corpus").path
    let build = try ProcessResult.run(
      "m3m", ["corpus", "build", "--db", db, "--out", corpus, "--lang", "en", "--json"])
    #expect(build.status == 0, "\(build.stderr)")
    let lines = try String(contentsOfFile: corpus + "/samples.jsonl", encoding: .utf8)
      .split(separator: "\n")
    let samples = try lines.map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    let tasks = Set(samples.compactMap { $0["task"] as? String })
    #expect(
      tasks.isSuperset(of: ["element-list", "action-space", "grounding", "action-prediction"]),
      "\(tasks) \(build.stdout)")
    // No dump: the samples name the screenshots only, and the targets are the OCR lines.
    #expect(samples.allSatisfy { ($0["hierarchies"] as? [String])?.isEmpty == true })
    let elementList = try #require(samples.first { $0["task"] as? String == "element-list" })
    #expect((elementList["target"] as? String)?.contains("<ref>Settings</ref>") == true)
    let prediction = try #require(samples.first { $0["task"] as? String == "action-prediction" })
    // The tap on "Display" (OCR may misread a glyph of m3m's 5×7 font: its box is the test).
    let target = try #require(prediction["target"] as? String)
    #expect(target.hasPrefix("click(<ref>") && target.contains("<box>[40,120]["), "\(target)")

    // The built-in model reads the same screenshots by OCR: it answers every sample.
    let preds = folder.appendingPathComponent("preds.jsonl").path
    let eval = try ProcessResult.run(
      "m3m",
      [
        "corpus", "eval", "--db", db, "--model", "builtin", "--lang", "en", "--out", preds,
        "--json",
      ])
    #expect(eval.status == 0, "\(eval.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
    #expect(report["model"] as? String == "builtin(ocr)", "\(eval.stdout)")
    #expect(eval.stdout.contains("\"grounding\""), "\(eval.stdout)")
  }

  @Test("eval --concurrency 2: each screenshot is read on one thread, as OMP_THREAD_LIMIT=1 does")
  func oneThreadPerImage() throws {
    let (folder, db) = try ocrGraph()
    func peakThreads(_ environment: [String: String]) throws -> Int {
      let process = Process()
      process.executableURL = Fixtures.productsDirectory.appendingPathComponent("m3m")
      process.arguments = [
        "corpus", "eval", "--db", db, "--model", "builtin", "--read", "ocr", "--lang", "en",
        "--concurrency", "2", "--out", folder.appendingPathComponent("preds.jsonl").path,
      ]
      process.environment = Fixtures.childEnvironment(environment)
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      // OpenMP's worker threads stay in their pool once started: sampling finds them.
      var peak = 0
      while process.isRunning {
        if let status = try? String(
          contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Threads:") }),
          let count = Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces))
        {
          peak = max(peak, count)
        }
        usleep(5_000)
      }
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
      return peak
    }
    let capped = try peakThreads(["OMP_THREAD_LIMIT": "1"])
    let chosen = try peakThreads([:])
    // Tesseract's OpenMP regions would add three threads per reading thread.
    #expect(chosen <= capped + 1, "peak threads \(chosen), with OMP_THREAD_LIMIT=1 \(capped)")
  }
}
