import Foundation
import Geometry
import Ingest
import TestSupport
import Testing

/// What the agent reads from the Ingest readers' steps (one reader per trace format): the goal,
/// the screen size, the last action that leads to no screen, typed text and swipes.
@Suite("Trace readers: the fields the agent builds episodes from")
struct TraceReaderAgentFieldsTests {
  @Test("InterDroid: target, screen_size, swipe points and the last step's action")
  func interDroid() throws {
    let folder = try Fixtures.temporaryDirectory("interdroid-fields")
    try """
    {"target": "search maps", "screen_size": {"width": 1000, "height": 2000}, "steps": [
      {"step_id": 1, "action_type": "swipe", "action_detail": {"start_x": 500, "start_y": 1500, "end_x": 500, "end_y": 500}},
      {"step_id": 2, "action_type": "input", "action_detail": {"text": "maps"}},
      {"step_id": 3, "action_type": "back"}]}
    """.write(to: folder.appendingPathComponent("record.json"), atomically: true, encoding: .utf8)
    let steps = try EpisodeReader.steps(in: folder.path)
    #expect(steps.map(\.record) == ["step_1", "step_2", "step_3"])
    #expect(steps.allSatisfy { $0.goal == "search maps" })
    #expect(steps.allSatisfy { $0.screenSize.map { [$0.width, $0.height] } == [1000, 2000] })
    #expect(steps[1].action?.point == Point(x: 500, y: 1500))
    #expect(steps[1].action?.end == Point(x: 500, y: 500))
    #expect(steps[2].action?.text == "maps" && steps[2].action?.actionType == .input)
    // Step 3's back leads to no recorded screen: it stays on screen 3, not on an edge.
    #expect(steps[2].finalAction?.type == "back" && steps[1].finalAction == nil)
  }

  @Test("LlamaTouch: instruction, typed text, swipes rescaled, the event after the last screen")
  func llamaTouch() throws {
    let folder = try Fixtures.temporaryDirectory("llamatouch-fields")
    for index in 0..<3 {
      try "<hierarchy><node package=\"a.b\" bounds=\"[0,0][720,1600]\"/></hierarchy>".write(
        to: folder.appendingPathComponent("\(index).xml"), atomically: true, encoding: .utf8)
    }
    try """
    [Type] hello world
    [Swipe] Screen Resolution (360, 800), Start (180, 600), End (180, 200)
    [Back]
    """.write(
      to: folder.appendingPathComponent("eventStructs.txt"), atomically: true, encoding: .utf8)
    try "12\nSay hello.\n".write(
      to: folder.appendingPathComponent("instruction.txt"), atomically: true, encoding: .utf8)
    let steps = try LlamaTouchReader.steps(in: folder.path)
    #expect(steps.count == 3 && steps.allSatisfy { $0.problem == nil })
    #expect(steps.allSatisfy { $0.goal == "Say hello." })
    #expect(steps[0].screenSize.map { [$0.width, $0.height] } == [720, 1600])
    #expect(steps[1].action?.actionType == .input && steps[1].action?.text == "hello world")
    let swipe = try #require(steps[2].action)
    #expect(swipe.point == Point(x: 360, y: 1200) && swipe.end == Point(x: 360, y: 400))
    #expect(swipe.direction == "up")
    #expect(steps[2].finalAction?.type == "back")
  }
}
