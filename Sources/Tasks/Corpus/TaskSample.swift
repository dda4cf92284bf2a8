/// One sample of a task corpus: the screenshots, the instruction, the target, and what a
/// hierarchy-reading model or a scorer needs to know about it.
public struct TaskSample: Sendable, Codable, Hashable {
  /// `task1_17`: the task's prefix and the sample's number in the corpus.
  public var id: String
  /// Which task.
  public var task: TaskKind
  /// `train`, `seen` (held-out pages of training apps) or `unseen` (held-out apps).
  public var split: CorpusSplit
  /// The app's name in the graph.
  public var app: String
  /// The unique page shown (for action prediction: the second page).
  public var page: Int64
  /// For action prediction: the first page.
  public var parentPage: Int64?
  /// Screenshot files, in prompt order (one, or first and second page).
  public var images: [String]
  /// The matching XML dumps (read by the built-in model, never shown to a pixel model).
  public var hierarchies: [String]
  /// The instruction, as the prompt ends with it (after the image tags).
  public var instruction: String
  /// What the model should answer, exactly.
  public var target: String
  /// For grounding and navigation: the referring text or the element's label.
  public var referringText: String?
  /// For navigation with an input: the text to type.
  public var inputText: String?

  /// A sample from its parts.
  public init(
    id: String, task: TaskKind, split: CorpusSplit, app: String, page: Int64,
    parentPage: Int64? = nil, images: [String], hierarchies: [String], instruction: String,
    target: String, referringText: String? = nil, inputText: String? = nil
  ) {
    self.id = id
    self.task = task
    self.split = split
    self.app = app
    self.page = page
    self.parentPage = parentPage
    self.images = images
    self.hierarchies = hierarchies
    self.instruction = instruction
    self.target = target
    self.referringText = referringText
    self.inputText = inputText
  }
}

/// How samples are held out.
public enum CorpusSplit: String, Sendable, Codable, CaseIterable, Hashable {
  /// Training samples.
  case train
  /// Held-out pages of training apps.
  case seen
  /// Every page of held-out apps.
  case unseen
}
