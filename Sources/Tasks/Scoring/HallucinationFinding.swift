import Geometry

/// One part of a model's answer that the page proves made up.
public struct HallucinationFinding: Sendable, Codable, Hashable {
  /// What kind of claim is made up.
  public enum Kind: String, Sendable, Codable, CaseIterable, Hashable {
    /// A `<ref>` text the page does not show.
    case textNotOnPage = "text-not-on-page"
    /// A box written with a `<ref>` text that holds no element showing that text.
    case boxWithoutText = "box-without-text"
    /// An action that is not in the page's action space.
    case actionNotInSpace = "action-not-in-space"
  }

  /// The kind.
  public var kind: Kind
  /// What exactly, in words.
  public var detail: String

  /// A finding.
  public init(kind: Kind, detail: String) {
    self.kind = kind
    self.detail = detail
  }

  /// The made-up parts of `prediction`, an answer to a sample of `task` about the page that
  /// `evidence` describes (for action prediction: the first page, where the action is taken).
  ///
  /// - Every `<ref>` text must be shown by the page, and a box written right after it (before
  ///   the next `<ref>` or line break) must hold an element showing it.
  /// - Action space: every line that names an action must be in the page's action space; action
  ///   prediction and navigation: the answer's action must be.
  /// - Parameter screen: rescales Qwen-VL 0–1000 grid boxes.
  public static func findings(
    _ task: TaskKind, prediction: String, evidence: PageEvidence,
    screen: (width: Int, height: Int) = (720, 1280)
  ) -> [HallucinationFinding] {
    var found: [HallucinationFinding] = []
    for (text, box) in refsWithBoxes(prediction, screen: screen) {
      if !evidence.shows(text) {
        found.append(.init(kind: .textNotOnPage, detail: "<ref>\(text)</ref> is not on the page"))
      } else if let box, !evidence.box(box, holds: text) {
        found.append(
          .init(kind: .boxWithoutText, detail: "\(box) holds no element showing \"\(text)\""))
      }
    }
    var answers: [ParsedAnswer] = []
    switch task {
    case .actionSpace:
      answers = prediction.split(separator: "\n").map { ParsedAnswer(String($0), screen: screen) }
    case .actionPrediction, .navigation:
      answers = [ParsedAnswer(prediction, screen: screen)]
    case .elementList, .grounding:
      break
    }
    for answer in answers {
      if let problem = evidence.actionProblem(answer) {
        found.append(.init(kind: .actionNotInSpace, detail: problem))
      }
    }
    return found
  }

  /// Every `<ref>…</ref>` text of `text` with the first box written after it on the same line
  /// and before the next `<ref>` (nil when there is none).
  static func refsWithBoxes(_ text: String, screen: (width: Int, height: Int))
    -> [(text: String, box: Bounds?)]
  {
    var pairs: [(String, Bounds?)] = []
    var rest = Substring(text)
    while let open = rest.range(of: "<ref>") {
      guard let close = rest.range(of: "</ref>", range: open.upperBound..<rest.endIndex) else {
        break
      }
      let inner = String(rest[open.upperBound..<close.lowerBound])
      rest = rest[close.upperBound...]
      var end = rest.range(of: "<ref>")?.lowerBound ?? rest.endIndex
      if let newline = rest[..<end].firstIndex(of: "\n") { end = newline }
      pairs.append((inner, ParsedAnswer(String(rest[..<end]), screen: screen).box))
    }
    return pairs
  }
}
