import Foundation
import GraphStore
import Ingest
import Models
import TestSupport
import Testing

@testable import Agent

@Suite("Agent policy with the graph as memory")
struct AgentPolicyTests {
  static var graph: Result<String, any Error> { Fixtures.sampleGraph }

  @Test("episodes from recorded paths; memory follows the path, and beats the model alone")
  func memory() async throws {
    let db = try Database(path: try Self.graph.get(), mode: .readOnly)
    let episodes = try GraphEpisodes.episodes(in: db, language: .en, limit: 100)
    #expect(!episodes.isEmpty)
    #expect(episodes.allSatisfy { $0.steps.count >= 2 && !$0.goal.isEmpty })
    var withMemory: [StepRecord] = []
    var without: [StepRecord] = []
    let model = try BuiltinModel(language: .en)
    try await AgentRunner.run(episodes, policy: AgentPolicy(model: model, memory: db)) {
      withMemory.append($0)
    }
    try await AgentRunner.run(episodes, policy: AgentPolicy(model: model, memory: nil)) {
      without.append($0)
    }
    let remembered = AgentScore(withMemory)
    let alone = AgentScore(without)
    #expect(remembered.micro.fromMemory > 0.5 && alone.micro.fromMemory == 0)
    #expect(remembered.goalProgress > alone.goalProgress)
    #expect(remembered.completeMatch > alone.completeMatch)
    // A memory decision names its element and path.
    let decision = try #require(withMemory.first { $0.decision?.fromMemory == true }?.decision)
    #expect(decision.reason.contains("action(s) away") || decision.reason.contains("goal names"))
  }

  @Test("act on one screen: a goal naming an element on it taps that element")
  func act() async throws {
    let db = try Database(path: try Self.graph.get(), mode: .readOnly)
    let policy = AgentPolicy(model: try BuiltinModel(language: .en), memory: db)
    let xml = Fixtures.repositoryRoot.appendingPathComponent(
      "Mobile3M/shop_graph_8002/shop0/shop0-xml.txt"
    ).path
    let decision = try await policy.act(
      goal: "Open Categories", xml: xml, screenshot: nil, width: 720, height: 1280)
    let action = try #require(decision.action)
    #expect(action.kind == .tap)
    // "Categories" is at [40,452][680,512].
    let point = try #require(action.point)
    #expect(
      point.x * 720 >= 40 && point.x * 720 <= 680 && point.y * 1280 >= 452 && point.y * 1280 <= 512)
  }
}
