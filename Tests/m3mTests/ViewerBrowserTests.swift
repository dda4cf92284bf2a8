import Foundation
import TestSupport
import Testing

/// The viewer in a real browser: `tools/browser-check` drives Debian's chromium (headless,
/// through chromedriver and selenium) against `m3m serve`, and checks what the page shows
/// against what the API answers.
@Suite("m3m serve's viewer in chromium (tools/browser-check)")
struct ViewerBrowserTests {
  /// Runs tools/browser-check against `server`; nil (after printing the script's reason) when
  /// chromium, chromedriver or selenium is not installed.
  func browserCheck(_ server: ServeProcess, token: String?, _ arguments: [String]) throws
    -> ProcessResult?
  {
    let script = Fixtures.repositoryRoot.appendingPathComponent("tools/browser-check").path
    let result = try ProcessResult.runTool(
      "env",
      (token.map { ["M3M_TOKEN=\($0)"] } ?? []) + [
        "timeout", "300", "python3", script, "--url", "http://\(server.host):\(server.port)",
      ] + arguments)
    guard result.status != 77 else {
      print(result.stderr.split(separator: "\n").last.map { "\($0)" } ?? "skipped")
      return nil
    }
    return result
  }

  @Test("pages render, a page shows its boxes, elements say where they lead, paths are found")
  func viewerInChromium() throws {
    let server = try ServeProcess([
      "--db", Fixtures.sampleGraph.get(), "--token-file", ServeCommandTests.tokenFile.get(),
    ])
    let screenshot = try Fixtures.temporaryDirectory("viewer").appendingPathComponent("viewer.png")
    let checked = try browserCheck(
      server, token: ServeCommandTests.readToken, ["--screenshot", screenshot.path])
    #expect(server.stop().status == 0)
    guard let result = checked else { return }
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

  @Test("an element text that is markup shows as text in search, the page and the list")
  func hostileTextStaysText() throws {
    // The shop sample with its title replaced by markup in every dump.
    let hostile = "<img src=x onerror=window.__pwned=1>"
    let root = try Fixtures.temporaryDirectory("viewer-hostile")
    let app = root.appendingPathComponent("Mobile3M/shop_graph_8002")
    try FileManager.default.createDirectory(
      at: app.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: Fixtures.repositoryRoot.appendingPathComponent("Mobile3M/shop_graph_8002"), to: app)
    var replaced = 0
    for dump in Fixtures.files(under: app, suffixes: ["-xml.txt"]) {
      let text = try String(contentsOf: dump, encoding: .utf8)
      let changed = text.replacingOccurrences(
        of: "text=\"Shop\"", with: "text=\"&lt;img src=x onerror=window.__pwned=1&gt;\"")
      if changed != text { replaced += 1 }
      try changed.write(to: dump, atomically: true, encoding: .utf8)
    }
    #expect(replaced > 10)
    let db = root.appendingPathComponent("g.sqlite").path
    let ingest = try ProcessResult.run(
      "m3m", ["ingest", root.appendingPathComponent("Mobile3M").path, "--db", db])
    #expect(ingest.status == 0, "\(ingest.stderr)")
    let server = try ServeProcess(["--db", db])
    let checked = try browserCheck(server, token: nil, ["--hostile", hostile])
    #expect(server.stop().status == 0)
    guard let result = checked else { return }
    #expect(result.status == 0, "tools/browser-check exit \(result.status):\n\(result.stderr)")
    #expect(result.stderr.contains("ok: graph text that looks like markup shows as text"))
  }
}
