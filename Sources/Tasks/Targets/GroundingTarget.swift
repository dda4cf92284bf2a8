/// Element Grounding (task 3): a referring text taken from a random compact-HTML line and its
/// target `<ref>text</ref><box>[x1,y1][x2,y2]</box>`, as the original's `build_dict` and
/// `generate_task3_REF_input` make them.
///
/// The candidates (`build_dict`): every input line (`带有文本X 的输入框` or the blank label),
/// every line with a `clickable=` attribute (true or false: in practice every visible leaf)
/// labelled by its stripped text or description, and every scrollable line (with an empty
/// label). Boxes come from the bounded HTML, carried over from the line before when missing.
public struct GroundingTarget: Sendable, Hashable {
  /// One groundable element.
  public struct Candidate: Sendable, Hashable {
    /// Its label as the original keeps it (not stripped).
    public var label: String
    /// `[x1,y1][x2,y2]`.
    public var bounds: String
    /// The label stripped, as samples and targets use it.
    public var text: String { HTMLLine.stripped(label) }
  }

  /// Candidates by compact-HTML line (the first label wins for repeated lines).
  public private(set) var candidates: [String: Candidate] = [:]
  /// The compact-HTML lines.
  public let lines: [String]

  /// Builds the candidates from the page's compact HTML and its bounded variant.
  public init(lines: [String], boundedLines: [String], vocabulary: ActionVocabulary = .chinese) {
    self.lines = lines
    var bounds: String?
    for (line, bounded) in zip(lines, boundedLines) {
      if line.containsBytes("<input") {
        bounds = HTMLLine.bounds(bounded) ?? bounds
        if let text = HTMLLine.innerText(line), let box = bounds {
          if candidates[line] == nil {
            let label =
              text != " "
              ? vocabulary.filledInputPrefix + text + vocabulary.filledInputSuffix
              : vocabulary.blankInput
            candidates[line] = Candidate(label: label, bounds: box)
          }
          continue
        }
      }
      if line.containsBytes("clickable=") {
        bounds = HTMLLine.bounds(bounded) ?? bounds
        let text = HTMLLine.innerText(line).map(HTMLLine.stripped) ?? ""
        if !text.isEmpty, let box = bounds {
          if candidates[line] == nil { candidates[line] = Candidate(label: text, bounds: box) }
          continue
        }
        if let description = HTMLLine.description(line).map(HTMLLine.stripped) {
          bounds = HTMLLine.bounds(bounded) ?? bounds
          if !description.isEmpty, let box = bounds {
            if candidates[line] == nil {
              candidates[line] = Candidate(label: description, bounds: box)
            }
            continue
          }
        }
      }
      if line.containsBytes("scrollable=\"true\""), let box = HTMLLine.bounds(line) {
        bounds = box
        if candidates[line] == nil { candidates[line] = Candidate(label: " ", bounds: box) }
      }
    }
  }

  /// One draw of the original's sampler: a random line whose text (or description) is not
  /// empty, re-drawn up to `lines.count - 1` times; then its candidate. Returns the referring
  /// text and the target, or nil for the original's `output error` (the caller retries).
  public func draw(using random: inout some RandomNumberGenerator) -> (
    text: String, target: String
  )? {
    guard !lines.isEmpty else { return nil }
    func key(_ line: String) -> String? {
      guard let inner = HTMLLine.innerText(line) else { return nil }
      let text = HTMLLine.stripped(inner)
      if text.isEmpty, let description = HTMLLine.description(line) {
        return HTMLLine.stripped(description)
      }
      return text
    }
    var line = lines.randomElement(using: &random)!
    guard var found = key(line) else { return nil }
    var count = 1
    while found.isEmpty && count < lines.count {
      line = lines.randomElement(using: &random)!
      count += 1
      if let next = key(line) { found = next }
    }
    // The original gives up here even when the first draw succeeded on a one-line page.
    guard count < lines.count, let candidate = candidates[line] else { return nil }
    let text = HTMLLine.stripped(candidate.label)
    return (text, "<ref>\(text)</ref><box>\(candidate.bounds)</box>")
  }
}
