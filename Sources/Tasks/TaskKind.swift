/// The MobileVLM tasks m3m builds corpora for.
public enum TaskKind: String, Sendable, Codable, CaseIterable, Hashable {
  /// Stage 1, one screenshot: every text with its box (the original's task1, "OCR").
  case elementList = "element-list"
  /// Stage 1, one screenshot: the clickable, input and scrollable controls (task2).
  case actionSpace = "action-space"
  /// Stage 1, one screenshot: the box of a referred element (task3, "REF"), up to 5 a page.
  case grounding
  /// Stage 2, two screenshots: the action that leads from the first page to the second (task5).
  case actionPrediction = "action-prediction"
  /// Stage 3, one screenshot and an instruction: the action to take (self page navigation).
  case navigation

  /// The prefix of sample ids, as the original numbers them (`task1_17`).
  public var idPrefix: String {
    switch self {
    case .elementList: "task1"
    case .actionSpace: "task2"
    case .grounding: "task3"
    case .actionPrediction: "task5"
    case .navigation: "navigation"
    }
  }

  /// The training stage the task belongs to.
  public var stage: Int {
    switch self {
    case .elementList, .actionSpace, .grounding: 1
    case .actionPrediction: 2
    case .navigation: 3
    }
  }
}
