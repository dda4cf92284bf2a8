import Tasks

/// What a model is asked: one task sample's screenshots and instruction (and, for models that
/// read them, the matching UI hierarchies).
public struct ModelRequest: Sendable, Hashable {
  /// The task.
  public var task: TaskKind
  /// The instruction text, as the prompt ends with it.
  public var instruction: String
  /// Screenshot files, in prompt order.
  public var images: [String]
  /// The matching XML dumps (only hierarchy-reading models look at them).
  public var hierarchies: [String]

  /// A request from its parts.
  public init(task: TaskKind, instruction: String, images: [String], hierarchies: [String]) {
    self.task = task
    self.instruction = instruction
    self.images = images
    self.hierarchies = hierarchies
  }

  /// The request for a corpus sample.
  public init(_ sample: TaskSample) {
    self.init(
      task: sample.task, instruction: sample.instruction, images: sample.images,
      hierarchies: sample.hierarchies)
  }
}

/// A model that answers task prompts in the corpus's target format.
public protocol UIModel: Sendable {
  /// A name that says what the model is (and, for the built-in one, that it reads hierarchies).
  var name: String { get }
  /// The model's answer to one request.
  func answer(_ request: ModelRequest) async throws -> String
}

/// A model that could not answer: a transport failure, a server error, an unreadable reply.
public struct ModelError: Error, CustomStringConvertible, Sendable {
  /// The model or endpoint.
  public var source: String
  /// What went wrong.
  public var reason: String

  /// An error from its parts.
  public init(source: String, reason: String) {
    self.source = source
    self.reason = reason
  }

  public var description: String { "\(source): \(reason)" }
}
