import Foundation
import GraphStore
import Ingest
import TestSupport
import Testing
import UIHierarchy

@testable import Agent

/// The graph-aware scores: a small shop recorded twice (home → Cart → Pay now, and
/// home → Account → Pay now), then agent steps judged against the first session.
@Suite("Graph-aware scores")
struct GraphJudgeTests {
  /// A screen of the shop: a title and buttons (text, top), 100 px tall, full width.
  static func screen(_ title: String, _ buttons: [(String, Int)]) -> String {
    let nodes = buttons.map { text, top in
      "<node class=\"android.widget.Button\" text=\"\(text)\" clickable=\"true\" "
        + "bounds=\"[0,\(top)][720,\(top + 100)]\"/>"
    }.joined()
    return "<hierarchy rotation=\"0\"><node class=\"android.widget.FrameLayout\" "
      + "package=\"com.shop\" bounds=\"[0,0][720,1280]\"><node class=\"android.widget.TextView\" "
      + "text=\"\(title)\" bounds=\"[0,0][720,80]\"/>\(nodes)</node></hierarchy>"
  }

  /// The recorded trace ingested into a graph; the folder and the graph.
  static func shop() throws -> (folder: URL, db: Database) {
    let folder = try Fixtures.temporaryDirectory("graph-judge")
    let screens = [
      "home": screen("Shop home", [("Cart", 100), ("Account", 500), ("Help", 900)]),
      "cart": screen("Your cart", [("Cart item one", 100), ("Cart item two", 300), ("Pay", 600)]),
      "account": screen(
        "Your account", [("Account name", 100), ("Account email", 300), ("Pay", 600)]),
      "pay": screen("Pay now", [("Card number", 100), ("Confirm order", 300)]),
    ]
    for (name, xml) in screens {
      try xml.write(
        to: folder.appendingPathComponent("\(name).xml"), atomically: true, encoding: .utf8)
    }
    func click(_ top: Int) -> String {
      "{\"type\": \"click\", \"x\": 360, \"y\": \(top + 50), \"bounds\": \"[0,\(top)][720,\(top + 100)]\"}"
    }
    try """
    {"id": "h1", "app": "com.shop", "xml": "home.xml"}
    {"id": "c", "from": "h1", "xml": "cart.xml", "action": \(click(100))}
    {"id": "p1", "from": "c", "xml": "pay.xml", "action": \(click(600))}
    {"id": "h2", "from": null, "xml": "home.xml"}
    {"id": "a", "from": "h2", "xml": "account.xml", "action": \(click(500))}
    {"id": "p2", "from": "a", "xml": "pay.xml", "action": \(click(600))}
    """.write(to: folder.appendingPathComponent("steps.jsonl"), atomically: true, encoding: .utf8)
    let path = folder.appendingPathComponent("graph.sqlite").path
    let ingester = try GraphIngester(database: Database(path: path))
    _ = try ingester.ingest(
      TraceFolderReader.steps(in: folder.path), source: folder.path, format: "trace")
    return (folder, try Database(path: path, mode: .readOnly))
  }

  /// A record of the first session's step `step` (0: home, gold tap Cart; 1: cart, gold tap
  /// Pay) where the agent did `action`.
  static func record(_ folder: URL, step: Int, _ action: CanonicalAction?) throws -> StepRecord {
    let screens = ["home", "cart", "pay"].map { folder.appendingPathComponent("\($0).xml").path }
    let gold = tap(y: step == 0 ? 150 : 650)
    let tree = try UITree(contentsOf: screens[step])
    return StepRecord(
      episode: "shop", source: "trace", goal: "Pay now", step: step, steps: 2,
      gold: gold.withElement(from: tree, width: 720, height: 1280),
      decision: action.map {
        AgentDecision(
          action: $0, element: nil, confidence: 1, reason: "", answer: "", fromMemory: false)
      },
      error: nil,
      annotations: StepRecord.annotations(of: tree, around: gold, width: 720, height: 1280),
      screen: screens[step], next: screens[step + 1], width: 720, height: 1280)
  }

  static func tap(y: Int) -> CanonicalAction {
    CanonicalAction(.tap, point: NormalizedPoint(pixelX: 360, pixelY: y, width: 720, height: 1280))
  }

  @Test("a step on an alternative shortest path: right by the graph, wrong by AITW's rule")
  func alternativePath() throws {
    let (folder, db) = try Self.shop()
    let records = [
      try Self.record(folder, step: 0, Self.tap(y: 550)),  // Account, not the recorded Cart
      try Self.record(folder, step: 1, Self.tap(y: 650)),  // Pay, the gold action
    ]
    #expect(!records[0].match.aitw && !records[0].match.element)
    let single = AgentScore(records)
    #expect(single.micro.stepAccuracyAITW == 0.5 && single.goalProgress == 0)
    var judge = GraphJudge(database: db)
    let (steps, score) = try judge.judge(records)
    #expect(steps[0].verdict == .right, "\(steps[0].reason)")
    #expect(steps[0].distance == 2 && steps[0].distanceAfter == 1)
    #expect(steps[1].verdict == .right && steps[1].landsOn == steps[1].goalPage)
    #expect(score.micro.right == 2 && score.micro.notJudged == 0 && score.micro.stepAccuracy == 1)
    #expect(score.episodes == 1 && score.success == 1 && score.goalProgress == 1)
  }

  @Test("an action with no recorded edge is not judged, never right; done too early is wrong")
  func notJudged() throws {
    let (folder, db) = try Self.shop()
    let help = [
      try Self.record(folder, step: 0, Self.tap(y: 950)),  // Help: never recorded
      try Self.record(folder, step: 1, Self.tap(y: 650)),
    ]
    var judge = GraphJudge(database: db)
    let (steps, score) = try judge.judge(help)
    #expect(steps[0].verdict == .notJudged && steps[0].reason == GraphStepJudgement.noEdge)
    #expect(score.micro.right == 1 && score.micro.notJudged == 1 && score.micro.wrong == 0)
    #expect(score.micro.stepAccuracy == 0.5)
    #expect(score.notJudgedBecause == [GraphStepJudgement.noEdge: 1])
    // Not judged breaks the episode: the goal was not reached by right steps from the start.
    #expect(score.success == 0 && score.goalProgress == 0)
    // "Done" on the home page, two actions from the goal: judged, and wrong.
    let early = [
      try Self.record(folder, step: 0, CanonicalAction(.done)),
      try Self.record(folder, step: 1, Self.tap(y: 650)),
    ]
    let (judged, _) = try judge.judge(early)
    #expect(judged[0].verdict == .wrong && judged[0].reason.contains("2 action(s)"))
  }

  @Test("the graph's API: shortest distances to a page, and the recorded actions out of one")
  func graphQueries() throws {
    let (folder, db) = try Self.shop()
    let pages = try db.pages(
      ofRecordedScreens: ["home", "cart", "account", "pay", "missing"].map {
        folder.appendingPathComponent("\($0).xml").path
      })
    #expect(pages.count == 4)
    let home = try #require(pages[folder.appendingPathComponent("home.xml").path])
    let pay = try #require(pages[folder.appendingPathComponent("pay.xml").path])
    let distances = try db.distances(to: pay)
    #expect(distances[pay] == 0 && distances[home] == 2 && distances.count == 4)
    let out = try db.transitions(from: home)
    #expect(out.count == 2 && out.allSatisfy { $0.actionType == "click" && $0.element != nil })
    #expect(try db.transitions(from: pay).isEmpty)
  }
}
