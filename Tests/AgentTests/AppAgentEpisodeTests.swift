import Foundation
import TestSupport
import Testing

@testable import Agent

/// AppAgent task folders as episodes: the goal from the log's prompt, the model's recorded
/// actions as the reference, marked as a model's trajectory.
@Suite("AppAgent runs as episodes")
struct AppAgentEpisodeTests {
  @Test("a task folder: goal from the prompt, taps on AppAgent's labels, FINISH as done")
  func taskFolder() throws {
    let folder = try Fixtures.temporaryDirectory("appagent").appendingPathComponent("task_a")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let dump = """
      <hierarchy rotation="0"><node class="android.widget.FrameLayout" bounds="[0,0][1080,2400]">\
      <node class="android.widget.TextView" text="Settings" clickable="true" bounds="[0,200][1080,400]"/>\
      <node class="android.widget.TextView" text="Display" clickable="true" bounds="[0,600][1080,800]"/>\
      </node></hierarchy>
      """
    for number in [1, 2] {
      try dump.write(
        to: folder.appendingPathComponent("task_a_\(number).xml"), atomically: true,
        encoding: .utf8)
    }
    func line(_ step: Int, _ action: String) throws -> String {
      let object: [String: Any] = [
        "step": step,
        "prompt": "You are an agent.\n\nThe task you need to complete is to open the display "
          + "settings. Your past actions to proceed with this task are summarized as follows: None",
        "response": "Observation: a list.\nThought: tap it.\nAction: \(action)\nSummary: done.",
      ]
      return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
    try [try line(1, "tap(2)"), try line(2, "FINISH")].joined(separator: "\n").write(
      to: folder.appendingPathComponent("log_task_a.txt"), atomically: true, encoding: .utf8)
    let episode = try #require(try EpisodeLoader.load(folder.path).first)
    #expect(episode.goal == "open the display settings")
    #expect(episode.source == "appagent" && episode.demonstrator == .model)
    #expect(episode.steps.map(\.gold.kind) == [.tap, .done])
    // Label 2 is "Display", [0,600][1080,800]: its centre, normalised.
    #expect(episode.steps[0].gold.point == NormalizedPoint(x: 0.5, y: 700.0 / 2400))
    #expect(episode.steps[0].next == folder.appendingPathComponent("task_a_2.xml").path)
    #expect(episode.steps[1].xml == folder.appendingPathComponent("task_a_2.xml").path)
  }

  @Test("the real AppAgent fork's 27 task folders: every logged task is an episode with its goal")
  func realTasks() throws {
    let tasks = Fixtures.realData.appendingPathComponent("Untergang1__AppAgent/tasks")
    guard FileManager.default.fileExists(atPath: tasks.path) else {
      print(Fixtures.realDataMissing)
      return
    }
    let episodes = try EpisodeLoader.load(tasks.path)
    #expect(episodes.count == 27)
    #expect(episodes.allSatisfy { $0.source == "appagent" && $0.demonstrator == .model })
    let logged = episodes.filter { !$0.steps.isEmpty }
    #expect(!logged.isEmpty && logged.allSatisfy { !$0.goal.isEmpty })
    #expect(logged.contains { $0.goal == "在设置里打开深色模式" })
    // This run's answers are prose ("Tap the Wi-Fi toggle switch."), not calls: no step can be
    // read, but the task is still read from the prompt.
    #expect(episodes.contains { $0.goal == "turn on wifi" })
  }
}
