/// The words of action-space targets: section headers and input labels. ``chinese`` is the
/// original's, byte for byte; ``english`` is m3m's translation for English corpora.
public struct ActionVocabulary: Sendable, Hashable, Codable {
  /// Header of the click section (`可点击控件有`).
  public var clickSection: String
  /// Header of the input section (`可输入控件有`).
  public var inputSection: String
  /// Header of the scroll section (`可滚动控件有`).
  public var scrollSection: String
  /// Label of an empty input (`第1个空白输入框`).
  public var blankInput: String
  /// Text before an input's current text (`带有文本`).
  public var filledInputPrefix: String
  /// Text after it (`的输入框`).
  public var filledInputSuffix: String

  /// The original's words.
  public static let chinese = ActionVocabulary(
    clickSection: "可点击控件有", inputSection: "可输入控件有", scrollSection: "可滚动控件有",
    blankInput: "第1个空白输入框", filledInputPrefix: "带有文本", filledInputSuffix: "的输入框")

  /// English words for English corpora.
  public static let english = ActionVocabulary(
    clickSection: "Clickable controls", inputSection: "Input controls",
    scrollSection: "Scrollable controls", blankInput: "blank input box 1",
    filledInputPrefix: "input box with text ", filledInputSuffix: "")
}
