/// A recorded session: a goal and, per step, the screen before the step and the gold action.
public struct Episode: Sendable, Codable, Hashable {
  /// A name unique in its source (folder or file and index).
  public var id: String
  /// The instruction the session carried out.
  public var goal: String
  /// Where it came from (`interdroid`, `llamatouch`, `trace`, `aitz`, `mobile3m`); the macro
  /// average is taken over these.
  public var source: String
  /// The steps, in order.
  public var steps: [EpisodeStep]
  /// Who took the recorded actions: a person (the default), or a model whose run was recorded
  /// (AppAgent's logs). A model's trajectory is a reference, not ground truth.
  public var demonstrator: Demonstrator

  /// Who took an episode's recorded actions.
  public enum Demonstrator: String, Sendable, Codable, Hashable {
    /// A person (InterDroid, LlamaTouch, AitZ, a crawl's recorded path).
    case person
    /// A model, whose run was recorded (AppAgent).
    case model
  }

  /// An episode from its parts.
  public init(
    id: String, goal: String, source: String, steps: [EpisodeStep],
    demonstrator: Demonstrator = .person
  ) {
    self.id = id
    self.goal = goal
    self.source = source
    self.steps = steps
    self.demonstrator = demonstrator
  }
}

/// One step: the screen as it was, and what the person did on it.
public struct EpisodeStep: Sendable, Codable, Hashable {
  /// The uiautomator dump of the screen, when recorded.
  public var xml: String?
  /// The screenshot, when recorded.
  public var screenshot: String?
  /// Screen width in pixels (for converting points).
  public var width: Int
  /// Screen height in pixels.
  public var height: Int
  /// The gold action.
  public var gold: CanonicalAction
  /// The dump of the screen the gold action led to, when one was recorded (the graph-aware
  /// scores find the goal page and the gold next page by it).
  public var next: String?

  /// A step from its parts.
  public init(
    xml: String?, screenshot: String?, width: Int, height: Int, gold: CanonicalAction,
    next: String? = nil
  ) {
    self.xml = xml
    self.screenshot = screenshot
    self.width = width
    self.height = height
    self.gold = gold
    self.next = next
  }
}

/// An episode file or folder that cannot be read, with the file and why.
public struct AgentError: Error, CustomStringConvertible, Sendable {
  /// The file, folder or record.
  public var source: String
  /// What is wrong.
  public var reason: String

  /// An error from its parts.
  public init(source: String, reason: String) {
    self.source = source
    self.reason = reason
  }

  public var description: String { "\(source): \(reason)" }
}
