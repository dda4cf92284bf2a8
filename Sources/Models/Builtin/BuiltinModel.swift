import Geometry
import Tasks
import UIHierarchy

/// m3m's own model. It reads the page's UI hierarchy (the XML dump), **not the pixels**, and
/// says so in its name.
///
/// - Element list and action space: the answer is in the hierarchy, so it writes it exactly
///   (these scores measure the pipeline, not understanding).
/// - Grounding: takes the referring text out of the instruction (the template's `{text}` slot,
///   else quoted text, else the whole instruction) and answers the labelled element whose label
///   is most similar (character-bigram Dice, equal text first).
/// - Action prediction: compares the first and the second hierarchy: a field whose text changed
///   → that input with the new text; texts that moved together inside a scrollable → that
///   scroll in the direction the finger moved; otherwise the click whose label best matches the
///   texts the second page shows and the first did not.
/// - Navigation: takes the element label or the text to type out of the instruction (the
///   navigation templates) and answers the input with that text, or the best-matching click.
public struct BuiltinModel: UIModel {
  public let name = "builtin-hierarchy (reads the UI hierarchy XML, not the screenshot pixels)"
  private let vocabulary: ActionVocabulary
  private let templates: [PromptTemplates]

  /// A model writing targets with `language`'s words; it understands instructions from both
  /// template sets.
  public init(language: PromptTemplates.Language) throws {
    vocabulary = language.vocabulary
    templates = try PromptTemplates.Language.allCases.map(PromptTemplates.load)
  }

  public func answer(_ request: ModelRequest) async throws -> String {
    let trees = try request.hierarchies.map { try UITree(contentsOf: $0) }
    guard let page = trees.first else {
      throw ModelError(source: name, reason: "the request carries no UI hierarchy to read")
    }
    switch request.task {
    case .elementList:
      return ElementListTarget.text(for: page)
    case .actionSpace:
      return ActionSpaceTarget(tree: page, vocabulary: vocabulary).text ?? ""
    case .grounding:
      let text =
        PromptTemplates.slotText(in: request.instruction, templates: templates.flatMap(\.grounding))
        ?? Self.quoted(request.instruction) ?? request.instruction
      return ground(text, in: page) ?? ""
    case .actionPrediction:
      guard trees.count == 2 else {
        throw ModelError(source: name, reason: "action prediction needs two hierarchies")
      }
      return predictAction(from: trees[0], to: trees[1])
    case .navigation:
      return navigate(request.instruction, on: page)
    }
  }

  // MARK: - Grounding

  /// `<ref>label</ref><box>…</box>` of the element whose label best matches `text`.
  func ground(_ text: String, in tree: UITree) -> String? {
    let html = CompactHTML(tree)
    let grounding = GroundingTarget(
      lines: html.lines, boundedLines: CompactHTML(tree, leafBounds: true).lines,
      vocabulary: vocabulary)
    var best: (score: Double, label: String, bounds: String)?
    for line in html.lines {
      guard let candidate = grounding.candidates[line] else { continue }
      let label = candidate.text
      guard !label.isEmpty else { continue }
      let score = TextSimilarity.score(label, text)
      if best.map({ score > $0.score }) ?? true { best = (score, label, candidate.bounds) }
    }
    return best.map { "<ref>\($0.label)</ref><box>\($0.bounds)</box>" }
  }

  static func quoted(_ text: String) -> String? {
    for (open, close) in [("“", "”"), ("\"", "\""), ("「", "」")] {
      guard let start = text.range(of: open),
        let end = text.range(of: close, range: start.upperBound..<text.endIndex)
      else { continue }
      return String(text[start.upperBound..<end.lowerBound])
    }
    return nil
  }

  // MARK: - Action prediction

  func predictAction(from parent: UITree, to child: UITree) -> String {
    let parentHTML = CompactHTML(parent)
    let space = ActionSpaceTarget(
      lines: parentHTML.lines, boundedLines: CompactHTML(parent, leafBounds: true).lines,
      vocabulary: vocabulary)
    // 1. A field whose text changed: the input that typed it.
    let parentFields = Self.fields(parent)
    for (key, text) in Self.fields(child) where !text.isEmpty && parentFields[key] != text {
      if let entry = space.inputs.first(where: {
        Self.fieldKey(parent, lineNode: parentHTML.nodeIndices[$0.line]) == key
      }) {
        return "input(\(entry.text),  \(PageAction.quoted(text)))"
      }
    }
    // 2. Mostly the same page: texts that moved inside a scrollable are a scroll; an unchanged
    // page is most often a scroll that revealed nothing new.
    let before = Set(Self.texts(parent).map(\.text))
    let after = Set(Self.texts(child).map(\.text))
    let overlap =
      before.union(after).isEmpty
      ? 1 : Double(before.intersection(after).count) / Double(before.union(after).count)
    if overlap >= 0.6 {
      if let scroll = scroll(space, parent: parent, child: child) { return scroll }
      if before == after, let first = space.scrolls.first { return first.text }
    }
    // 3. Another page: the click whose label it now shows (its title, mostly).
    let newTexts = after.subtracting(before)
    var bestClick: (score: Double, text: String)?
    for entry in space.clicks {
      let label = ParsedAnswer(entry.text).ref ?? ""
      let score = newTexts.map { TextSimilarity.score(label, $0) }.max() ?? 0
      if bestClick.map({ score > $0.score }) ?? true { bestClick = (score, entry.text) }
    }
    if let bestClick, bestClick.score >= 0.3 { return bestClick.text }
    // 4. Nothing names the new page: a search field probably took the user there.
    if let field = space.inputs.first { return "input(\(field.text),  '')" }
    return bestClick?.text ?? space.scrolls.first?.text ?? ""
  }

  /// The scroll entry whose box holds texts that moved between the two pages, in the direction
  /// the finger moved (content moving up means the finger moved up).
  func scroll(_ space: ActionSpaceTarget, parent: UITree, child: UITree) -> String? {
    guard !space.scrolls.isEmpty else { return nil }
    let after = Dictionary(
      Self.texts(child).map { ($0.text, $0.center) }, uniquingKeysWith: { first, _ in first })
    var moves: [(from: Point, dx: Int, dy: Int)] = []
    for (text, center) in Self.texts(parent) {
      guard let moved = after[text] else { continue }
      let dx = moved.x - center.x
      let dy = moved.y - center.y
      if abs(dx) > 8 || abs(dy) > 8 { moves.append((center, dx, dy)) }
    }
    guard !moves.isEmpty else { return nil }
    let dy = moves.map(\.dy).sorted()[moves.count / 2]
    let dx = moves.map(\.dx).sorted()[moves.count / 2]
    let direction =
      abs(dy) >= abs(dx) ? (dy < 0 ? "up" : "down") : (dx < 0 ? "left" : "right")
    let inside = space.scrolls.filter { entry in
      guard let box = Bounds(parsing: entry.bounds) else { return false }
      return moves.contains { box.contains($0.from) } && entry.direction?.rawValue == direction
    }
    return (inside.first ?? space.scrolls.first { $0.direction?.rawValue == direction })?.text
  }

  /// Editable fields by a stable key (resource id, else class and position in order) → text.
  static func fields(_ tree: UITree) -> [String: String] {
    var result: [String: String] = [:]
    for node in tree.nodes where node.className.contains("EditText") {
      result[fieldKey(tree, lineNode: node.index)] = node.text
    }
    return result
  }

  static func fieldKey(_ tree: UITree, lineNode index: Int) -> String {
    let node = tree.nodes[index]
    if !node.resourceID.isEmpty { return node.resourceID }
    let order = tree.nodes.prefix(index).filter { $0.className.contains("EditText") }.count
    return "\(node.className)#\(order)"
  }

  /// Texts (text or content-desc) of nodes with bounds, with their centres.
  static func texts(_ tree: UITree) -> [(text: String, center: Point)] {
    tree.nodes.compactMap { node in
      let text = node.text.isEmpty ? node.contentDescription : node.text
      guard !text.isEmpty, let box = node.bounds else { return nil }
      return (text, box.center)
    }
  }

  // MARK: - Navigation

  func navigate(_ instruction: String, on tree: UITree) -> String {
    let html = CompactHTML(tree)
    let space = ActionSpaceTarget(
      lines: html.lines, boundedLines: CompactHTML(tree, leafBounds: true).lines,
      vocabulary: vocabulary)
    if let typed = PromptTemplates.slotText(
      in: instruction, templates: templates.flatMap(\.navigationInput)),
      let field = space.inputs.first
    {
      return "input(\(field.text),  \(PageAction.quoted(typed)))"
    }
    let wanted =
      PromptTemplates.slotText(in: instruction, templates: templates.flatMap(\.navigationClick))
      ?? instruction
    let best = space.clicks.max { a, b in
      TextSimilarity.score(ParsedAnswer(a.text).ref ?? "", wanted)
        < TextSimilarity.score(ParsedAnswer(b.text).ref ?? "", wanted)
    }
    return best?.text ?? space.inputs.first.map { "input(\($0.text))" } ?? ""
  }
}
