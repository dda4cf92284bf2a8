import UIHierarchy

/// One line of `agent run`'s output: the step, the gold action, what the agent did, and the
/// screen's element boxes the matching rules need (those around the gold point).
public struct StepRecord: Sendable, Codable, Hashable {
  /// The episode's id.
  public var episode: String
  /// Its source (the macro average's subsets).
  public var source: String
  /// Its goal.
  public var goal: String
  /// The step's index in the episode.
  public var step: Int
  /// The episode's length.
  public var steps: Int
  /// The gold action.
  public var gold: CanonicalAction
  /// The agent's decision.
  public var decision: AgentDecision?
  /// Why the agent gave nothing, when it failed.
  public var error: String?
  /// Leaf boxes of the screen whose AITW-enlarged box holds the gold point (normalised).
  public var annotations: [NormalizedBox]
  /// The screen's dump, when recorded (the graph-aware scores find its page by it).
  public var screen: String?
  /// The dump of the screen the gold action led to, when recorded.
  public var next: String?
  /// The screen's size in pixels (for taking normalised points back to the graph's pixels).
  public var width: Int?
  /// See ``width``.
  public var height: Int?
  /// Who took the gold action: `person`, or `model` for a recorded model run (AppAgent), whose
  /// actions are a reference, not ground truth. Absent in files written before it was recorded.
  public var demonstrator: Episode.Demonstrator?

  /// The step scored under every rule.
  public var match: ActionMatch {
    ActionMatcher.match(decision?.action, gold: gold, annotations: annotations)
  }

  /// The boxes of `tree`'s leaves (the AITW annotations are OCR and icon boxes, not
  /// containers) whose enlarged box holds the gold point, normalised by the screen size.
  public static func annotations(
    of tree: UITree?, around gold: CanonicalAction, width: Int, height: Int
  )
    -> [NormalizedBox]
  {
    guard let tree, let point = gold.point else { return [] }
    return tree.nodes.compactMap { node -> NormalizedBox? in
      guard let box = node.bounds, !box.isEmpty, node.isLeaf else { return nil }
      let normalized = NormalizedBox(pixels: box, width: width, height: height)
      return normalized.aitwEnlarged.contains(point) ? normalized : nil
    }
  }
}

extension CanonicalAction {
  /// The action with its element filled in, when the source named none: the smallest node of
  /// `tree` that contains the point (how UGround scores AndroidControl).
  public func withElement(from tree: UITree?, width: Int, height: Int) -> CanonicalAction {
    guard element == nil, let tree, let point else { return self }
    var copy = self
    copy.element =
      tree.nodes.compactMap { node -> NormalizedBox? in
        guard let box = node.bounds, !box.isEmpty else { return nil }
        let normalized = NormalizedBox(pixels: box, width: width, height: height)
        return normalized.contains(point) ? normalized : nil
      }.min { ActionMatcher.area($0) < ActionMatcher.area($1) }
    return copy
  }
}
