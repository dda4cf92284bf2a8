import Foundation
import TestSupport
import Testing

@Suite("m3m demo")
struct DemoCommandTests {
  @Test("crawls a simulated app, queries it, builds a corpus, runs the agent and lets it play")
  func demo() throws {
    let out = try Fixtures.temporaryDirectory("demo")
    let result = try ProcessResult.run(
      "m3m", ["demo", "--app", "graphs/notes.json", "--out", out.path])
    #expect(result.status == 0, "\(result.stderr)")
    for section in [
      "== 1. crawl", "== 2. which elements lead to", "== 3. shortest path",
      "== 4. MobileVLM corpora", "== 5. the agent", "== 6. closed-loop play",
    ] {
      #expect(result.stdout.contains(section), "missing \(section)")
    }
    #expect(result.stdout.contains("11 pages"))
    #expect(
      FileManager.default.fileExists(atPath: out.appendingPathComponent("corpus/train.json").path))
    #expect(result.stdout.contains("goal progress"))
    // The agent step is scored both ways, and its typed text is shown (never `type ""`).
    #expect(result.stdout.contains("recorded path: step accuracy"))
    #expect(result.stdout.contains("graph-aware:   step accuracy"))
    #expect(result.stdout.contains("type \"groceries\" — gold type \"groceries\""))
    #expect(!result.stdout.contains("type \"\""))
    // The play: three goals with the graph as memory, three without, each reached or missed.
    let plays = result.stdout.split(separator: "\n").filter {
      $0.contains("memory graph: \"") || $0.contains("memory none: \"")
    }
    #expect(
      plays.count == 6 && plays.allSatisfy { $0.contains("reached") || $0.contains("missed") })
    #expect(result.stdout.contains("memory graph: success"))
  }
}
