import Geometry
import UIHierarchy

/// What one page's hierarchy shows, for telling a grounded answer from a made-up one: the texts
/// it shows, the boxes that hold them, and its action space (in both target vocabularies).
///
/// Texts are compared stripped, and leniently: an answer's text is shown when it is part of a
/// shown text (`Pay` is on a page that shows `Pay now`), so only text that appears nowhere on
/// the page counts as made up.
public struct PageEvidence: Sendable {
  /// A text the page shows and the box of the element that shows it.
  public struct LabelledBox: Sendable, Hashable {
    /// The text (a node's text or content-desc, or the label a target gives the element).
    public var label: String
    /// The element's box.
    public var box: Bounds
  }

  /// Every stripped, non-empty text and content-desc of the dump, and every label the targets
  /// give an element (`带有文本X 的输入框`, `第1个空白输入框`, the English ones).
  public private(set) var texts: Set<String> = []
  /// The texts with the boxes that hold them.
  public private(set) var labelledBoxes: [LabelledBox] = []
  /// Boxes of the page's action space: clicks, inputs and scrollables.
  public private(set) var clickBoxes: [Bounds] = []
  /// See ``clickBoxes``.
  public private(set) var inputBoxes: [Bounds] = []
  /// See ``clickBoxes``.
  public private(set) var scrollBoxes: [Bounds] = []

  /// The evidence of a parsed dump.
  public init(tree: UITree) {
    let html = CompactHTML(tree)
    let bounded = CompactHTML(tree, leafBounds: true).lines
    self.init(tree: tree, lines: html.lines, boundedLines: bounded)
  }

  /// The evidence of a parsed dump whose compact HTML (plain and bounded) is already made.
  init(tree: UITree, lines: [String], boundedLines: [String]) {
    for node in tree.nodes {
      guard let box = node.bounds else { continue }
      for text in [node.text, node.contentDescription] {
        add(HTMLLine.stripped(text), box)
      }
    }
    for vocabulary in [ActionVocabulary.chinese, .english] {
      let grounding = GroundingTarget(
        lines: lines, boundedLines: boundedLines, vocabulary: vocabulary)
      for candidate in grounding.candidates.values {
        if let box = Bounds(parsing: candidate.bounds) { add(candidate.text, box) }
      }
      let actions = ActionSpaceTarget(
        lines: lines, boundedLines: boundedLines, vocabulary: vocabulary)
      clickBoxes += actions.clicks.compactMap { Bounds(parsing: $0.bounds) }
      inputBoxes += actions.inputs.compactMap { Bounds(parsing: $0.bounds) }
      scrollBoxes += actions.scrolls.compactMap { Bounds(parsing: $0.bounds) }
    }
  }

  /// Adds what `other` shows: the evidence of a page whose visits were recorded more than once
  /// (dedup folds screens that differ a little into one page).
  public mutating func merge(_ other: PageEvidence) {
    for entry in other.labelledBoxes { add(entry.label, entry.box) }
    clickBoxes += other.clickBoxes
    inputBoxes += other.inputBoxes
    scrollBoxes += other.scrollBoxes
  }

  private mutating func add(_ label: String, _ box: Bounds) {
    guard !label.isEmpty else { return }
    texts.insert(label)
    let entry = LabelledBox(label: label, box: box)
    if !labelledBoxes.contains(entry) { labelledBoxes.append(entry) }
  }

  /// Whether the page shows `text` (stripped; part of a shown text counts). Empty text claims
  /// nothing and is shown.
  public func shows(_ text: String) -> Bool {
    let wanted = HTMLLine.stripped(text)
    return wanted.isEmpty || texts.contains(wanted) || texts.contains { $0.contains(wanted) }
  }

  /// Whether `box` holds an element showing `text`: the element's centre lies in the box, or
  /// the two overlap with IoU ≥ 0.5.
  public func box(_ box: Bounds, holds text: String) -> Bool {
    let wanted = HTMLLine.stripped(text)
    guard !wanted.isEmpty else { return true }
    return labelledBoxes.contains { entry in
      entry.label.contains(wanted)
        && (box.contains(entry.box.center) || box.intersectionOverUnion(entry.box) >= 0.5)
    }
  }

  /// Why the action an answer names is not in the page's action space, or nil when it is (or
  /// the answer names no action): a click, tap or long press must land in a click or input
  /// box, an input in an input box, a scroll or swipe in a scrollable; other actions (`type`,
  /// `press`) are not in a Mobile3M action space.
  public func actionProblem(_ answer: ParsedAnswer) -> String? {
    guard let action = answer.action else { return nil }
    let boxes: [Bounds]
    switch action {
    case "click", "tap", "long_press": boxes = clickBoxes + inputBoxes
    case "input": boxes = inputBoxes
    case "scroll", "swipe": boxes = scrollBoxes
    default: return "\(action)(…) is not an action of a Mobile3M action space"
    }
    guard let point = answer.target else { return "\(action)(…) without a box or point" }
    guard boxes.contains(where: { $0.contains(point) }) else {
      let kind =
        action == "input"
        ? "input field"
        : action == "scroll" || action == "swipe"
          ? "scrollable element" : "clickable element"
      return "\(action) at \(point) hits no \(kind) of the page"
    }
    return nil
  }
}
