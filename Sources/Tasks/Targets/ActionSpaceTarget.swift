import Geometry
import UIHierarchy

/// The Action Space Generation target (task 2) and the action vocabulary of a page, as the
/// original's `box_actions_generate` and `html2text` build them from the compact HTML (for the
/// lines) and the bounded compact HTML (for click and input boxes):
///
/// ```
/// 可点击控件有
/// click(<ref>TEXT</ref><box>[x1,y1][x2,y2]</box>)
/// 可输入控件有
/// input(带有文本<ref>TEXT </ref>的输入框, <box>[x1,y1][x2,y2]</box>)
/// 可滚动控件有
/// scroll(<box>[x1,y1][x2,y2]</box>,up)
/// ```
///
/// Per line: `<input` → an input, labelled by its text (trailing space kept) or as the first
/// blank input; else `clickable="true"` → a click labelled by its stripped text, else its
/// description (unlabelled ones are dropped); a line not already taken whose HTML has
/// `scrollable="true"` gives four scrolls with the bounds of that line.
public struct ActionSpaceTarget: Sendable, Hashable {
  /// One entry of the action space.
  public struct Entry: Sendable, Hashable {
    /// The entry as the target writes it.
    public var text: String
    /// The index of the compact-HTML line it acts on.
    public var line: Int
    /// The element's box, as written in the target.
    public var bounds: String
    /// For scrolls, the direction.
    public var direction: PageAction.Direction?
  }

  /// Click entries, in line order.
  public private(set) var clicks: [Entry] = []
  /// Input entries, in line order; `text` is the part inside `input(…)`.
  public private(set) var inputs: [Entry] = []
  /// Scroll entries, four per scrollable line.
  public private(set) var scrolls: [Entry] = []
  /// The words used.
  public let vocabulary: ActionVocabulary

  /// Builds the action space from the page's compact HTML and its bounded variant (same lines,
  /// `bounds` on every leaf).
  public init(lines: [String], boundedLines: [String], vocabulary: ActionVocabulary = .chinese) {
    self.vocabulary = vocabulary
    var bounds: String?  // the original carries the last box found over to later lines
    for (index, (line, bounded)) in zip(lines, boundedLines).enumerated() {
      if line.containsBytes("<input"), let text = HTMLLine.innerText(line) {
        bounds = HTMLLine.bounds(bounded) ?? bounds
        guard let box = bounds else { continue }
        let label =
          text != " "
          ? "\(vocabulary.filledInputPrefix)<ref>\(text)</ref>\(vocabulary.filledInputSuffix)"
          : vocabulary.blankInput
        inputs.append(Entry(text: "\(label), <box>\(box)</box>", line: index, bounds: box))
        continue
      }
      if line.containsBytes("clickable=\"true\"") {
        bounds = HTMLLine.bounds(bounded) ?? bounds
        let text = HTMLLine.innerText(line).map(HTMLLine.stripped) ?? ""
        let label = !text.isEmpty ? text : HTMLLine.description(line).map(HTMLLine.stripped) ?? ""
        if !label.isEmpty, let box = bounds {
          clicks.append(
            Entry(text: "click(<ref>\(label)</ref><box>\(box)</box>)", line: index, bounds: box))
          continue
        }
      }
      if line.containsBytes("scrollable=\"true\""), let box = HTMLLine.bounds(line) {
        bounds = box
        for direction in PageAction.Direction.allCases {
          scrolls.append(
            Entry(
              text: "scroll(<box>\(box)</box>,\(direction.rawValue))", line: index, bounds: box,
              direction: direction))
        }
      }
    }
  }

  /// The action space of a parsed dump.
  public init(tree: UITree, vocabulary: ActionVocabulary = .chinese) {
    self.init(
      lines: CompactHTML(tree).lines, boundedLines: CompactHTML(tree, leafBounds: true).lines,
      vocabulary: vocabulary)
  }

  /// The target text; nil when the page has neither clicks nor inputs (the original's
  /// `html error`, and the page is skipped).
  public var text: String? {
    guard !clicks.isEmpty || !inputs.isEmpty else { return nil }
    return vocabulary.clickSection + "\n" + clicks.map(\.text).joined(separator: "\n") + "\n"
      + vocabulary.inputSection + "\n" + inputs.map { "input(\($0.text))" }.joined(separator: "\n")
      + "\n" + vocabulary.scrollSection + "\n" + scrolls.map(\.text).joined(separator: "\n")
  }

  /// The target string of a recorded action taken on this page (stage 2 and navigation):
  /// its click entry; its input entry with the typed text (`input(LABEL, <box>…</box>,  '北京市')`,
  /// the original's double space and `'…'` quoting); the scroll entry whose swipe equals the
  /// recorded one. Nil when the action has no entry (the sample is dropped, as in the original).
  public func target(for action: PageAction, lines: [String]) -> String? {
    switch action.kind {
    case .click:
      guard let line = action.htmlLine, let index = lines.firstIndex(of: line) else { return nil }
      return clicks.first { $0.line == index }?.text
    case .input:
      guard let line = action.htmlLine, let index = lines.firstIndex(of: line),
        let entry = inputs.first(where: { $0.line == index })
      else { return nil }
      return "input(\(entry.text),  \(PageAction.quoted(action.text ?? "")))"
    case .scroll:
      guard let swipe = action.swipe else { return nil }
      return scrolls.first { entry in
        guard let direction = entry.direction, let box = Bounds(parsing: entry.bounds) else {
          return false
        }
        let expected = PageAction.swipe(in: box, direction: direction)
        return expected.start == swipe.start && expected.end == swipe.end
      }?.text
    }
  }
}
