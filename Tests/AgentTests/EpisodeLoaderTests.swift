import Foundation
import TestSupport
import Testing

@testable import Agent

@Suite("Episode converters")
struct EpisodeLoaderTests {
  @Test("AitZ / AITW steps: (y, x) to (x, y), JSON-string fields, [-1, -1], tap vs swipe at 0.04")
  func aitz() throws {
    let folder = try Fixtures.temporaryDirectory("aitz")
    let actions: [[String: Any]] = [
      [
        "result_action_type": 4, "result_touch_yx": "[0.25, 0.75]",
        "result_lift_yx": "[0.26, 0.76]",
      ],
      ["result_action_type": "4", "result_touch_yx": [0.8, 0.5], "result_lift_yx": [0.2, 0.5]],
      [
        "result_action_type": 3, "result_action_text": "wifi", "result_touch_yx": "[-1, -1]",
        "result_lift_yx": "[-1, -1]",
      ],
      ["result_action_type": 5], ["result_action_type": 6], ["result_action_type": 7],
      ["result_action_type": 10],
    ]
    try AitZFixture.writeEpisode(
      named: "episode", goal: "open settings", screens: Array(repeating: [], count: actions.count),
      actions: actions, into: folder)
    let file = folder.appendingPathComponent("episode.json")
    let episode = try #require(try EpisodeLoader.load(file.path).first)
    #expect(episode.goal == "open settings" && episode.source == "aitz")
    let gold = episode.steps.map(\.gold)
    #expect(gold.map(\.kind) == [.tap, .swipe, .type, .back, .home, .enter, .done])
    #expect(gold[0].point == NormalizedPoint(x: 0.75, y: 0.25))
    // The finger moved from y 0.8 to 0.2: up (content scrolls down).
    #expect(gold[1].direction == .up)
    #expect(gold[2].text == "wifi" && gold[2].point == nil)
    #expect(episode.steps[0].screenshot == folder.appendingPathComponent("episode_0.png").path)
    #expect(episode.steps[0].width == 700 && episode.steps[0].height == 400)
    let broken = folder.appendingPathComponent("broken.json")
    try "[{\"result_action_type\": 42}]".write(to: broken, atomically: true, encoding: .utf8)
    #expect(throws: AgentError.self) { try EpisodeLoader.load(broken.path) }
  }

  @Test("AitZ: the agent reads episodes with ingest's reader: points checked, one per file")
  func aitzSharedReader() throws {
    let folder = try Fixtures.temporaryDirectory("aitz-shared")
    try AitZFixture.writeEpisode(
      named: "outside", goal: "open settings", screens: [[]],
      actions: [
        ["result_action_type": 4, "result_touch_yx": "[1.5, 0.2]", "result_lift_yx": "[1.5, 0.2]"]
      ], into: folder)
    let outside = folder.appendingPathComponent("outside.json").path
    let error = try #require(throws: AgentError.self) { try EpisodeLoader.load(outside) }
    #expect(error.source == outside + " step 0", "\(error)")
    #expect(error.reason.contains("outside 0–1"), "\(error)")

    let missing = try Fixtures.temporaryDirectory("aitz-missing")
    try AitZFixture.writeEpisode(
      named: "GENERAL-2", goal: "go back", screens: [[]],
      actions: [["result_action_type": 5], ["result_action_type": 10]], into: missing)
    let unseen = try #require(throws: AgentError.self) {
      try EpisodeLoader.load(missing.path)
    }
    #expect("\(unseen)".contains("GENERAL-2_1.png not found"), "\(unseen)")

    let two = try AitZFixture.write()
    try AitZFixture.writeEpisode(
      named: "GENERAL-2", goal: "Search", screens: [["Search"]],
      actions: [["result_action_type": 11]], into: two)
    let episodes = try EpisodeLoader.load(two.path)
    #expect(episodes.map(\.id) == ["GENERAL-1", "GENERAL-2"].map { two.path + "/\($0).json" })
    #expect(episodes.map(\.goal) == ["Open Settings", "Search"])
    #expect(episodes[1].steps.map(\.gold.kind) == [.impossible])
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

  @Test("InterDroid and LlamaTouch on hand-made folders: every event kind, bad events named")
  func handMade() throws {
    let inter = try Fixtures.temporaryDirectory("interdroid")
    try """
    {"target": "search maps", "screen_size": {"width": 1000, "height": 2000}, "steps": [
      {"step_id": 1, "action_type": "click", "action_detail": {"x": 100, "y": 200}, "operated_bounds": "[0,100][200,300]", "ui_tree": "step_1_ui.xml", "screen_shot": "step_1.png"},
      {"step_id": 2, "action_type": "input", "action_detail": {"text": "maps"}},
      {"step_id": 3, "action_type": "swipe", "action_detail": {"start_x": 500, "start_y": 1500, "end_x": 500, "end_y": 500}},
      {"step_id": 4, "action_type": "back"}]}
    """.write(to: inter.appendingPathComponent("record.json"), atomically: true, encoding: .utf8)
    let episode = try #require(try EpisodeLoader.load(inter.path).first)
    #expect(episode.steps.map(\.gold.kind) == [.tap, .type, .swipe, .back])
    #expect(episode.steps[0].gold.point == NormalizedPoint(x: 0.1, y: 0.1))
    #expect(
      episode.steps[0].gold.element == NormalizedBox(left: 0, top: 0.05, right: 0.2, bottom: 0.15))
    #expect(episode.steps[0].xml == inter.appendingPathComponent("ui_trees/step_1_ui.xml").path)
    #expect(episode.steps[1].gold.text == "maps")
    #expect(episode.steps[2].gold.direction == .up)
    let llama = try Fixtures.temporaryDirectory("llamatouch")
    for index in 0..<4 {
      try "<hierarchy><node class=\"a\" bounds=\"[0,0][1080,2400]\"/></hierarchy>".write(
        to: llama.appendingPathComponent("\(index).xml"), atomically: true, encoding: .utf8)
    }
    try """
    [Home]
    [Click] Screen Resolution (360, 800), Click Position (180, 200)
    [Swipe] Screen Resolution (360, 800), Start (180, 600), End (180, 200)
    """.write(
      to: llama.appendingPathComponent("eventStructs.txt"), atomically: true, encoding: .utf8)
    try "7\nOpen the app.".write(
      to: llama.appendingPathComponent("instruction.txt"), atomically: true, encoding: .utf8)
    let touch = try #require(try EpisodeLoader.load(llama.path).first)
    #expect(touch.goal == "Open the app.")
    #expect(touch.steps.map(\.gold.kind) == [.home, .tap, .swipe])
    #expect(touch.steps[1].gold.point == NormalizedPoint(x: 0.5, y: 0.25))
    #expect(touch.steps[2].gold.direction == .up)
    #expect(touch.steps[1].width == 1080 && touch.steps[1].height == 2400)
    try "[Pinch] (1, 2)".write(
      to: llama.appendingPathComponent("eventStructs.txt"), atomically: true, encoding: .utf8)
    #expect { try EpisodeLoader.load(llama.path) } throws: {
      "\($0)".contains("eventStructs.txt:1: unknown or unreadable event '[Pinch] (1, 2)'")
    }
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

  @Test("LlamaTouch (real): clicks rescaled from the recorder's resolution to pixels; Home")
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
    // The reader rescales to the screenshot's whole pixels (as ingest records the click).
    let (width, height) = (episode.steps[1].width, episode.steps[1].height)
    #expect(width > 320)
    #expect(
      episode.steps[1].gold.point
        == NormalizedPoint(
          pixelX: 204 * width / 320, pixelY: 170 * height / 720, width: width, height: height))
    #expect(episode.steps[1].xml?.hasSuffix("/1.xml") == true)
  }
}
