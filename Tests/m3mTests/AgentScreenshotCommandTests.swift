import Foundation
import TestSupport
import Testing

/// `m3m agent act --screenshot` without `--xml`, and `m3m agent run` over an AitZ-format
/// episode (screenshots only), run as a user would: the built-in model reads them by OCR.
@Suite("m3m agent on screenshot-only screens")
struct AgentScreenshotCommandTests {
  @Test("act on a screenshot, run and score an AitZ episode: unread 0, the name says ocr")
  func screenshotOnly() throws {
    let folder = try AitZFixture.write()
    let screen = folder.appendingPathComponent("GENERAL-1_1.png").path
    let act = try ProcessResult.run(
      "m3m", ["agent", "act", "--screenshot", screen, "--goal", "Open Settings", "--lang", "en"])
    #expect(act.status == 0, "\(act.stderr)")
    #expect(
      act.stdout.hasPrefix("tap at") && act.stdout.contains("on \"Settings\""), "\(act.stdout)")
    #expect(act.stdout.contains("builtin(ocr)"), "\(act.stdout)")

    let neither = try ProcessResult.run("m3m", ["agent", "act", "--goal", "Open Settings"])
    #expect(neither.status != 0 && neither.stderr.contains("--screenshot"), "\(neither.stderr)")

    let out = folder.appendingPathComponent("run.jsonl").path
    let run = try ProcessResult.run(
      "m3m", ["agent", "run", "--episodes", folder.path, "--lang", "en", "--out", out])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("model: builtin(ocr)"), "\(run.stdout)")
    let score = try ProcessResult.run("m3m", ["agent", "score", out, "--json"])
    #expect(score.status == 0, "\(score.stderr)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [String: Any])
    let micro = try #require(object["micro"] as? [String: Any], "\(score.stdout)")
    #expect(micro["count"] as? Int == 2)
    #expect(micro["formatErrors"] as? Double == 0, "\(score.stdout)")
    #expect(micro["stepAccuracyAITW"] as? Double == 1, "\(score.stdout)")
  }
}
