import Crawler
import Foundation
import GraphStore
import Models
import SyntheticApps
import TestSupport
import Testing

@testable import Agent

/// `ClosedLoopPlayer` on a small simulated app the test writes: goals drawn from a crawl of it,
/// the built-in agent acting on the simulated device, success judged by page identity.
@Suite("Closed-loop play on a simulated app")
struct ClosedLoopPlayTests {
  /// Home → Settings → Privacy, Home → Profile → Orders, Settings → About.
  static let app = AppDefinition(
    name: "tiny", package: "com.example.tiny", root: "home",
    pages: [
      "home": .init(
        title: "Tiny",
        elements: [.init(text: "Settings", to: "settings"), .init(text: "Profile", to: "profile")]),
      "settings": .init(
        title: "Settings",
        elements: [
          .init(text: "Privacy", to: "privacy"), .init(text: "About", to: "about"),
          .init(text: "Back", to: "home"),
        ]),
      "privacy": .init(
        title: "Privacy", elements: [.init(text: "Location access"), .init(text: "Camera")]),
      "about": .init(title: "About", elements: [.init(text: "Version 1.0")]),
      "profile": .init(
        title: "Profile", elements: [.init(text: "Orders", to: "orders"), .init(text: "Logout")]),
      "orders": .init(title: "Orders", elements: [.init(text: "No orders yet")]),
    ])

  /// The app crawled to the end (the reference), in a fresh folder.
  static func reference() throws -> (Database, URL) {
    let folder = try Fixtures.temporaryDirectory("play")
    return (try PlayMemory.crawl(app, folder: folder, name: "reference"), folder)
  }

  static func player(_ reference: Database, _ folder: URL, maxSteps: Int = 6) throws
    -> ClosedLoopPlayer
  {
    try ClosedLoopPlayer(
      device: SimulatedDevice(app: app), package: app.package, reference: reference,
      work: folder.appendingPathComponent("screens"), maxSteps: maxSteps)
  }

  static func appID(_ db: Database) throws -> Int64 {
    try #require(try db.apps().first { $0.name == app.name }).id
  }

  @Test(
    "with the built-in model and the crawl as memory, the agent reaches a depth-2 goal on the shortest path and stops there"
  )
  func reachesGoal() async throws {
    let (reference, folder) = try Self.reference()
    let goal = try #require(
      try PlayGoal.named("Tap Privacy", app: Self.appID(reference), in: reference))
    #expect(goal.depth == 2 && goal.target == "Privacy")
    var steps: [PlayStep] = []
    let outcome = try await Self.player(reference, folder).play(
      goal, policy: AgentPolicy(model: try BuiltinModel(language: .en), memory: reference),
      memory: "crawl"
    ) { steps.append($0) }
    #expect(outcome.success, "\(steps)")
    #expect(outcome.saidDone && outcome.steps == 2 && outcome.shortest == 2 && outcome.spl == 1)
    #expect(outcome.finalPage == goal.page)
    // Each step records the screen, the page it is, and what was done on the device.
    #expect(steps.count == 3)
    #expect(steps[0].screen.texts.contains("Settings") && steps[0].page == outcome.startPage)
    #expect(steps[0].performed?.first?.hasPrefix("tap ") == true)
    #expect(steps[2].decision?.action?.kind == .done && steps[2].page == goal.page)
  }

  @Test("a stop on another page is a failure, even when the agent says it is done")
  func stopElsewhereFails() async throws {
    let (reference, folder) = try Self.reference()
    let app = try Self.appID(reference)
    let privacy = try #require(try PlayGoal.named("Tap Privacy", app: app, in: reference))
    let orders = try #require(try PlayGoal.named("Tap Orders", app: app, in: reference))
    #expect(privacy.page != orders.page)
    // The instruction leads to Orders; the goal page is Privacy.
    var goal = privacy
    goal.instruction = "Tap Orders"
    let outcome = try await Self.player(reference, folder).play(
      goal, policy: AgentPolicy(model: try BuiltinModel(language: .en), memory: reference),
      memory: "crawl"
    ) { _ in }
    #expect(outcome.saidDone && outcome.finalPage == orders.page)
    #expect(!outcome.success && outcome.spl == 0)
    // Out of steps on the launch page: a failure too.
    let stuck = try await Self.player(reference, folder, maxSteps: 1).play(
      privacy, policy: AgentPolicy(model: try BuiltinModel(language: .en), memory: reference),
      memory: "crawl"
    ) { _ in }
    #expect(!stuck.success && !stuck.saidDone && stuck.steps == 1)
    #expect(stuck.stoppedBecause.contains("ran out of steps"))
  }

  @Test("the seeded goal draw is reproducible, and names each goal's element in a template")
  func seededDraw() throws {
    let (reference, _) = try Self.reference()
    let app = try Self.appID(reference)
    let first = try PlayGoal.draw(3, app: app, in: reference, language: .en, seed: 7)
    let again = try PlayGoal.draw(3, app: app, in: reference, language: .en, seed: 7)
    #expect(first.count == 3 && first == again)
    #expect(first.map(\.number) == [1, 2, 3])
    // "Back" leads to several pages: never a goal. The others: every page but the launch page.
    let all = try PlayGoal.candidates(app: app, in: reference, language: .en, seed: 0)
    #expect(Set(all.map(\.target)) == ["Settings", "Profile", "Privacy", "About", "Orders"])
    #expect(all.allSatisfy { $0.instruction.contains($0.target) })
    let depths = Dictionary(uniqueKeysWithValues: all.map { ($0.target, $0.depth) })
    #expect(depths == ["Settings": 1, "Profile": 1, "Privacy": 2, "About": 2, "Orders": 2])
    // Other seeds draw other goals or other wordings.
    let draws = try (0..<8).map {
      try PlayGoal.draw(3, app: app, in: reference, language: .en, seed: $0)
    }
    #expect(Set(draws.map { $0.map(\.instruction) }).count > 1)
    // More goals than pages: each page once.
    #expect(try PlayGoal.draw(50, app: app, in: reference, language: .en, seed: 1).count == 5)
  }

  @Test("SPL: shortest / max(taken, shortest) on success, 0 on failure; report means per depth")
  func spl() {
    #expect(ClosedLoopPlayer.spl(success: true, shortest: 2, steps: 2) == 1)
    #expect(ClosedLoopPlayer.spl(success: true, shortest: 2, steps: 4) == 0.5)
    #expect(ClosedLoopPlayer.spl(success: true, shortest: 3, steps: 1) == 1)
    #expect(ClosedLoopPlayer.spl(success: false, shortest: 2, steps: 2) == 0)
    #expect(ClosedLoopPlayer.spl(success: true, shortest: 0, steps: 0) == 1)
    func outcome(depth: Int, success: Bool, steps: Int) -> PlayOutcome {
      let goal = PlayGoal(
        number: 1, instruction: "Tap X", page: 9, pageName: nil, target: "X", depth: depth)
      return PlayOutcome(
        memory: "crawl", goal: goal, success: success, steps: steps, shortest: depth,
        startPage: 1, finalPage: success ? 9 : 2, saidDone: success, stoppedBecause: "",
        spl: ClosedLoopPlayer.spl(success: success, shortest: depth, steps: steps))
    }
    let report = PlayReport(
      memory: "crawl",
      outcomes: [
        outcome(depth: 2, success: true, steps: 2), outcome(depth: 2, success: true, steps: 4),
        outcome(depth: 1, success: false, steps: 10),
      ])
    #expect(report.all.goals == 3 && report.all.successes == 2)
    #expect(abs(report.all.successRate - 2.0 / 3) < 1e-12)
    #expect(abs(report.all.spl - 0.5) < 1e-12)
    #expect(report.byDepth.map(\.depth) == [1, 2])
    #expect(report.byDepth[0].spl == 0 && report.byDepth[1].spl == 0.75)
    #expect(report.notHeldOut == nil)
  }

  @Test(
    "held-out memory: a crawl skipping the goal's element never holds its page, and holds the rest")
  func heldOut() throws {
    let (reference, folder) = try Self.reference()
    let goal = try #require(
      try PlayGoal.named("Tap Privacy", app: Self.appID(reference), in: reference))
    let keywords = try PlayMemory.holdOutKeywords(for: goal, in: reference)
    #expect(keywords == ["Privacy"])
    let memory = try PlayMemory.crawl(
      Self.app, skipping: keywords, folder: folder, name: "held-out")
    #expect(!(try PlayMemory.holds(goal.page, of: reference, in: memory)))
    let settings = try #require(
      try PlayGoal.named("Tap Settings", app: Self.appID(reference), in: reference))
    #expect(try PlayMemory.holds(settings.page, of: reference, in: memory))
  }
}
