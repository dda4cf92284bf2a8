import Foundation
import TestSupport
import Testing

/// The viewer in a real browser: `tools/browser-check` drives Debian's chromium (headless,
/// through chromedriver and selenium) against `m3m serve` on the bundled sample graph, with a
/// token file, and checks what the page shows against what the API answers.
@Suite("m3m serve's viewer in chromium (tools/browser-check)")
struct ViewerBrowserTests {
  @Test("pages render, a page shows its boxes, elements say where they lead, paths are found")
  func viewerInChromium() throws {
    let script = Fixtures.repositoryRoot.appendingPathComponent("tools/browser-check").path
    let server = try ServeProcess([
      "--db", Fixtures.sampleGraph.get(), "--token-file", ServeCommandTests.tokenFile.get(),
    ])
    let screenshot = try Fixtures.temporaryDirectory("viewer").appendingPathComponent("viewer.png")
    let result = try ProcessResult.runTool(
      "env",
      [
        "M3M_TOKEN=\(ServeCommandTests.readToken)", "timeout", "300", "python3", script,
        "--url", "http://\(server.host):\(server.port)", "--screenshot", screenshot.path,
      ])
    #expect(server.stop().status == 0)
    if result.status == 77 {
      // The script's own reason: chromium, chromedriver or selenium is not installed.
      print(result.stderr.split(separator: "\n").last.map { "\($0)" } ?? "skipped")
      return
    }
    #expect(result.status == 0, "tools/browser-check exit \(result.status):\n\(result.stderr)")
    for check in [
      "the page list renders", "clicking a page shows its element boxes",
      "clicking an element says where it leads", "the path finder answers", "no browser error",
    ] {
      #expect(result.stderr.contains("ok: \(check)"), "\(check) not passed:\n\(result.stderr)")
    }
    let png = try Data(contentsOf: screenshot)
    #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "the screenshot is not a PNG")
    #expect(png.count > 20_000, "the screenshot is \(png.count) bytes: nearly empty")
  }
}
