/// One line of a play's run file: a step the agent took, or how a goal ended.
public enum PlayRecord: Sendable, Codable, Hashable {
  /// A screen, what the agent decided on it, and what was done on the device.
  case step(PlayStep)
  /// The goal's outcome.
  case outcome(PlayOutcome)

  private enum CodingKeys: String, CodingKey { case kind }

  public init(from decoder: any Decoder) throws {
    let kind = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .kind)
    self =
      kind == "step" ? .step(try PlayStep(from: decoder)) : .outcome(try PlayOutcome(from: decoder))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .step(let step):
      try container.encode("step", forKey: .kind)
      try step.encode(to: encoder)
    case .outcome(let outcome):
      try container.encode("outcome", forKey: .kind)
      try outcome.encode(to: encoder)
    }
  }
}

/// One step of a closed-loop play.
public struct PlayStep: Sendable, Codable, Hashable {
  /// The memory setting (`crawl`, `held-out`, `none`, or the memory graph's path).
  public var memory: String
  /// The goal's number.
  public var goal: Int
  /// 0, 1, … within the goal.
  public var step: Int
  /// The screen the agent saw.
  public var screen: PlayScreen
  /// The reference graph's page this screen is by the ingest identity rule (nil: none).
  public var page: Int64?
  /// What the agent decided (nil when it failed: see `error`).
  public var decision: AgentDecision?
  /// What was done on the device (`tap 360 512`), nil when nothing was.
  public var performed: [String]?
  /// Why the agent or the device failed.
  public var error: String?
}

/// A screen as the agent saw it: its size and the texts it shows.
public struct PlayScreen: Sendable, Codable, Hashable {
  /// Pixels.
  public var width: Int
  /// Pixels.
  public var height: Int
  /// The texts and content-descs of its nodes, in document order (at most 40).
  public var texts: [String]
}

/// How one goal ended.
public struct PlayOutcome: Sendable, Codable, Hashable {
  /// The memory setting.
  public var memory: String
  /// The goal.
  public var goal: PlayGoal
  /// Whether the screen the agent stopped on is the goal page (ingest identity rule).
  public var success: Bool
  /// Actions performed on the device.
  public var steps: Int
  /// Actions on the shortest recorded path from the page the play started on (nil: none).
  public var shortest: Int?
  /// The page the play started on, and the one it stopped on (nil: not a known page).
  public var startPage: Int64?
  /// The page it stopped on.
  public var finalPage: Int64?
  /// Whether the agent said it was done (else it ran out of steps, or failed).
  public var saidDone: Bool
  /// Why the play stopped.
  public var stoppedBecause: String
  /// Success weighted by path length: `shortest / max(steps, shortest)` on success, else 0.
  public var spl: Double
  /// For held-out memory: whether the memory crawl indeed never reached the goal page.
  public var heldOut: Bool?
}
