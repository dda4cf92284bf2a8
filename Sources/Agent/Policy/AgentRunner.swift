import FileIO
import UIHierarchy

/// Runs a policy over recorded episodes, offline: at every step the agent sees the recorded
/// screen and the goal, and its action is compared with what the person did.
public enum AgentRunner {
  /// One record per step, in episode and step order.
  public static func run(
    _ episodes: [Episode], policy: AgentPolicy, record: (StepRecord) throws -> Void
  ) async throws {
    for episode in episodes {
      for (index, step) in episode.steps.enumerated() {
        var decision: AgentDecision?
        var failure: String?
        do {
          decision = try await policy.act(
            goal: episode.goal, xml: step.xml, screenshot: step.screenshot, width: step.width,
            height: step.height)
        } catch {
          failure = PlainErrorText.describe(error)
        }
        let tree = step.xml.flatMap { try? UITree(contentsOf: $0) }
        try record(
          StepRecord(
            episode: episode.id, source: episode.source, goal: episode.goal, step: index,
            steps: episode.steps.count,
            gold: step.gold.withElement(from: tree, width: step.width, height: step.height),
            decision: decision, error: failure,
            annotations: StepRecord.annotations(
              of: tree, around: step.gold, width: step.width, height: step.height),
            screen: step.xml, next: step.next, width: step.width, height: step.height,
            demonstrator: episode.demonstrator))
      }
    }
  }
}
