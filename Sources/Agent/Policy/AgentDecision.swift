/// What the agent decided for one screen.
public struct AgentDecision: Sendable, Codable, Hashable {
  /// The next action (nil when the model's answer could not be read).
  public var action: CanonicalAction?
  /// The element grounded for it: its label and pixel bounds, when there is one.
  public var element: GroundedElement?
  /// 0…1: how sure the agent is (memory paths are surer than model guesses).
  public var confidence: Double
  /// Why, in a sentence.
  public var reason: String
  /// The model's raw answer, or the path step taken from memory.
  public var answer: String
  /// Whether the graph decided (true) or the model (false).
  public var fromMemory: Bool
}

/// An element on the current screen.
public struct GroundedElement: Sendable, Codable, Hashable {
  /// Its text, content-desc or resource id.
  public var label: String
  /// `[x1,y1][x2,y2]` in screen pixels.
  public var bounds: String
}
