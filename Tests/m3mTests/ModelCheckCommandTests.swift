import Foundation
import Screenshots
import TestSupport
import Testing

/// `m3m model check` against the stub server, whose `stub-coords-…` models find the named
/// button in the PNG sent and answer its centre in one convention.
@Suite("m3m model check")
struct ModelCheckCommandTests {
  func check(_ server: StubChatServer, model: String, _ options: [String]) throws -> ProcessResult {
    try ProcessResult.run(
      "m3m",
      [
        "model", "check", "--base-url", server.baseURL.absoluteString, "--model-name", model,
        "--retries", "0",
      ] + options)
  }

  @Test("each convention passes with its own --coords and fails with a wrong one")
  func conventions() throws {
    guard let server = StubChatServer() else { return }
    let cases: [(model: String, right: [String], wrong: [String])] = [
      ("stub-coords-pixels", [], ["--coords", "grid1000"]),
      ("stub-coords-grid1000", ["--coords", "grid1000"], []),
      ("stub-coords-grid999", ["--coords", "grid999"], ["--coords", "unit"]),
      ("stub-coords-unit", ["--coords", "unit"], ["--coords", "grid1000"]),
      (
        "stub-coords-grid1000-yx", ["--coords", "grid1000", "--coords-order", "yx"],
        ["--coords", "grid1000"]
      ),
      // A server resizing to at most 1003520 pixels (1080×2400 → 672×1484): the default
      // maximum, under which a phone screen is barely resized, misses.
      (
        "stub-coords-resized-pixels-max1003520",
        ["--coords", "resized-pixels", "--resize-max-pixels", "1003520"],
        ["--coords", "resized-pixels"]
      ),
    ]
    for (model, right, wrong) in cases {
      let pass = try check(server, model: model, right)
      #expect(pass.status == 0, "\(model) \(right): \(pass.stdout)\(pass.stderr)")
      #expect(pass.stdout.contains("pass: 6 of 6 taps landed"), "\(model): \(pass.stdout)")
      let fail = try check(server, model: model, wrong)
      #expect(fail.status == 1, "\(model) \(wrong): \(fail.stdout)")
      #expect(fail.stdout.contains("FAIL: "), "\(model): \(fail.stdout)")
    }
  }

  @Test("--json reports each button's box, the converted answer and the hit; --save-screen")
  func json() throws {
    guard let server = StubChatServer() else { return }
    let saved = try Fixtures.temporaryDirectory("model-check").appendingPathComponent("s.png")
    let result = try check(
      server, model: "stub-coords-grid1000",
      ["--coords", "grid1000", "--json", "--save-screen", saved.path])
    #expect(result.status == 0, "\(result.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(report["passed"] as? Bool == true && report["hits"] as? Int == 6)
    #expect((report["model"] as? String)?.contains("coords grid1000") == true)
    let outcomes = try #require(report["outcomes"] as? [[String: Any]])
    #expect(outcomes.count == 6)
    // ALPHA is [60,300][340,440]: its centre on the grid is (185, 154), back in pixels (200, 370).
    #expect(outcomes.first?["box"] as? String == "[60,300][340,440]")
    #expect((outcomes.first?["answer"] as? String)?.contains("[200,370]") == true)
    #expect(outcomes.first?["point"] as? [Int] == [200, 370])
    let image = try RGBAImage(contentsOfImage: saved.path)
    #expect(image.width == 1080 && image.height == 2400)
    #expect(image.pixel(x: 70, y: 310) == .red)
  }

  @Test("a bad --coords is a usage error listing the conventions")
  func badChoice() throws {
    let result = try ProcessResult.run(
      "m3m", ["model", "check", "--model-name", "m", "--coords", "normalised"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("pixels, resized-pixels, grid1000, grid999, unit"))
  }
}
