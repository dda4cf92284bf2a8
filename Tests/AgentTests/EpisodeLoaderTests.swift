import Foundation
import TestSupport
import Testing

@testable import Agent

@Suite("Episode converters")
struct EpisodeLoaderTests {
  @Test("AitZ / AITW steps: (y, x) to (x, y), JSON-string fields, [-1, -1], tap vs swipe at 0.04")
  func aitz() throws {
    let folder = try Fixtures.temporaryDirectory("aitz")
    let file = folder.appendingPathComponent("episode.json")
    try """
    [
     {"instruction": "open settings", "image_path": "x/0.png", "result_action_type": 4,
      "result_touch_yx": "[0.25, 0.75]", "result_lift_yx": "[0.26, 0.76]"},
     {"result_action_type": "4", "result_touch_yx": [0.8, 0.5], "result_lift_yx": [0.2, 0.5]},
     {"result_action_type": 3, "result_action_text": "wifi", "result_touch_yx": "[-1, -1]",
      "result_lift_yx": "[-1, -1]"},
     {"result_action_type": 5}, {"result_action_type": 6}, {"result_action_type": 7},
     {"result_action_type": 10}
    ]
    """.write(to: file, atomically: true, encoding: .utf8)
    let episode = try #require(try EpisodeLoader.load(file.path).first)
    #expect(episode.goal == "open settings" && episode.source == "aitz")
    let gold = episode.steps.map(\.gold)
    #expect(gold.map(\.kind) == [.tap, .swipe, .type, .back, .home, .enter, .done])
    #expect(gold[0].point == NormalizedPoint(x: 0.75, y: 0.25))
    // The finger moved from y 0.8 to 0.2: up (content scrolls down).
    #expect(gold[1].direction == .up)
    #expect(gold[2].text == "wifi" && gold[2].point == nil)
    #expect(episode.steps[0].screenshot == folder.appendingPathComponent("0.png").path)
    let broken = folder.appendingPathComponent("broken.json")
    try "[{\"result_action_type\": 42}]".write(to: broken, atomically: true, encoding: .utf8)
    #expect(throws: AgentError.self) { try EpisodeLoader.load(broken.path) }
  }

  @Test("m3m trace folder: each action acts on the screen of the line before")
  func traceFolder() throws {
    let folder = try Fixtures.temporaryDirectory("trace-episode")
    try "<hierarchy><node class=\"a\" bounds=\"[0,0][1000,2000]\"/></hierarchy>".write(
      to: folder.appendingPathComponent("0.xml"), atomically: true, encoding: .utf8)
    try """
    {"id": "0", "xml": "0.xml", "goal": "find wifi"}
    {"id": "1", "xml": "0.xml", "action": {"type": "click", "x": 500, "y": 1000, "bounds": "[0,900][1000,1100]"}}
    {"id": "2", "xml": "0.xml", "action": {"type": "scroll", "direction": "down"}}
    """.write(to: folder.appendingPathComponent("steps.jsonl"), atomically: true, encoding: .utf8)
    let episode = try #require(try EpisodeLoader.load(folder.path).first)
    #expect(episode.goal == "find wifi" && episode.steps.count == 2)
    #expect(episode.steps[0].width == 1000 && episode.steps[0].height == 2000)
    #expect(episode.steps[0].gold.point == NormalizedPoint(x: 0.5, y: 0.5))
    #expect(
      episode.steps[0].gold.element == NormalizedBox(left: 0, top: 0.45, right: 1, bottom: 0.55))
    #expect(episode.steps[1].gold.kind == .swipe && episode.steps[1].gold.direction == .down)
  }

  @Test("InterDroid record.json (real): pixel clicks over the screen size, operated bounds")
  func interDroid() throws {
    let folder = Fixtures.realData.appendingPathComponent(
      "test7766987__InterDroid/Dataset/data_example")
    guard FileManager.default.fileExists(atPath: folder.path) else {
      print(Fixtures.realDataMissing)
      return
    }
    let episode = try #require(try EpisodeLoader.load(folder.path).first)
    #expect(episode.steps.count == 11 && episode.source == "interdroid")
    #expect(episode.goal.hasPrefix("Allow users to select a profile picture"))
    let first = episode.steps[0]
    #expect(first.gold.kind == .tap)
    #expect(first.gold.point == NormalizedPoint(x: 461.0 / 1080, y: 2090.0 / 2400))
    #expect(
      first.gold.element
        == NormalizedBox(left: 0, top: 811.0 / 2400, right: 1, bottom: 2337.0 / 2400))
    #expect(FileManager.default.fileExists(atPath: try #require(first.xml)))
  }

  @Test("LlamaTouch (real): clicks rescaled from the recorder's resolution; Home")
  func llamaTouch() throws {
    let folder = Fixtures.realData.appendingPathComponent(
      "LlamaTouch__Evaluator/evaluator/testbed_evaluation/tests/test_case/trace_18")
    guard FileManager.default.fileExists(atPath: folder.path) else {
      print(Fixtures.realDataMissing)
      return
    }
    let episode = try #require(try EpisodeLoader.load(folder.path).first)
    #expect(episode.goal == "Practice pronunciation in French in Duolingo.")
    #expect(episode.steps.map(\.gold.kind) == [.home, .tap, .tap, .tap])
    #expect(episode.steps[1].gold.point == NormalizedPoint(x: 204.0 / 320, y: 170.0 / 720))
    #expect(episode.steps[1].xml?.hasSuffix("/1.xml") == true)
    #expect(episode.steps[1].width > 320)
  }
}
