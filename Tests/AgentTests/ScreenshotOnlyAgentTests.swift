import Foundation
import Models
import TestSupport
import Testing

@testable import Agent

/// The agent on screens without a dump: the built-in model reads them by OCR.
@Suite("Agent on screenshot-only steps")
struct ScreenshotOnlyAgentTests {
  @Test("an AitZ-format episode: every answer is read (unread 0), and both steps score")
  func aitzEpisode() async throws {
    let folder = try AitZFixture.write()
    let episodes = try EpisodeLoader.load(folder.path)
    let episode = try #require(episodes.first)
    #expect(episodes.count == 1 && episode.source == "aitz" && episode.steps.count == 2)
    #expect(episode.steps.allSatisfy { $0.xml == nil && $0.width == 700 && $0.height == 400 })

    let model = try BuiltinModel(language: .en)
    var records: [StepRecord] = []
    try await AgentRunner.run(episodes, policy: AgentPolicy(model: model, memory: nil)) {
      records.append($0)
    }
    #expect(records.count == 2)
    #expect(records.allSatisfy { $0.error == nil && $0.decision?.action != nil }, "\(records)")
    #expect(records.allSatisfy { $0.decision?.reason.contains("builtin(ocr)") == true })
    // Step 0: "Settings" is not on screen, so it scrolls (finger up); step 1: it taps it.
    #expect(records[0].decision?.action?.kind == .swipe)
    #expect(records[0].decision?.action?.direction == .up)
    #expect(records[1].decision?.action?.kind == .tap)
    let score = AgentScore(records)
    #expect(score.micro.count == 2)
    #expect(score.micro.formatErrors == 0)
    #expect(score.micro.typeAccuracy == 1, "\(score.micro)")
    #expect(score.micro.stepAccuracyAITW == 1, "\(score.micro)")
    #expect(model.name == "builtin(ocr)")
  }

  @Test("AppAgent's screenshot-only screens (a PNG without a dump): every answer is readable")
  func appAgentScreenshotOnly() async throws {
    let tasks = Fixtures.realData.appendingPathComponent("Untergang1__AppAgent/tasks")
    guard FileManager.default.fileExists(atPath: tasks.path) else {
      print(Fixtures.realDataMissing)
      return
    }
    let screens = Fixtures.files(under: tasks, suffixes: [".png"]).filter {
      !FileManager.default.fileExists(
        atPath: $0.deletingPathExtension().appendingPathExtension("xml").path)
    }
    #expect(screens.count == 5)
    let policy = AgentPolicy(model: try BuiltinModel(language: .en), memory: nil)
    for screen in screens {
      // The task's goal from its log (the folder's episode), when it has one.
      let goal =
        (try? EpisodeLoader.load(screen.deletingLastPathComponent().path))?.first?.goal ?? ""
      let size = try #require(EpisodeLoader.screenSize(image: screen.path))
      let decision = try await policy.act(
        goal: goal.isEmpty ? "Open Settings" : goal, xml: nil, screenshot: screen.path,
        width: size.0, height: size.1)
      #expect(decision.action != nil, "\(screen.lastPathComponent): \(decision.answer)")
    }
    // The Display screen shows "Dark mode" (the logged goal is in Chinese; in English here).
    let display = tasks.appendingPathComponent(
      "task_system_2024-05-21_14-11-36/task_system_2024-05-21_14-11-36_4.png")
    let decision = try await policy.act(
      goal: "Turn on Dark mode", xml: nil, screenshot: display.path, width: 1080, height: 2400)
    #expect(decision.action?.kind == .tap && decision.element?.label == "Dark mode", "\(decision)")
  }
}
