import Foundation
import Geometry
import Tasks
import TextRecognition
import UIHierarchy

/// m3m's own model. It reads the page's UI hierarchy (the XML dump) and, for a screen without
/// one, the screenshot's text through OCR (Tesseract; ``BuiltinReading``). Its name says which
/// inputs it has read: `builtin(xml)`, `builtin(ocr)` or `builtin(xml+ocr)`.
///
/// A screen read from pixels is a pixel-derived tree (one clickable text element per OCR line),
/// so every task below works on it; navigation then also types into the line that says
/// "search" when the goal is a search, and scrolls when no line matches the goal's words. A
/// "find X" goal (``LocateGoal``) taps X where the screen shows it and types X only into a
/// search field.
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
  /// `builtin(…)` with the inputs read so far (`xml`, `ocr`, `xml+ocr`).
  public var name: String { reader.name }
  private let vocabulary: ActionVocabulary
  private let templates: [PromptTemplates]
  private let reader: BuiltinScreenReader

  /// A model writing targets with `language`'s words; it understands instructions from both
  /// template sets.
  /// - Parameters:
  ///   - reading: which inputs it reads (the dump, else the screenshot's OCR text).
  ///   - recognition: how screenshots are read (default: English for `.en`, Chinese and
  ///     English for `.zh`); Tesseract starts on the first screenshot read.
  public init(
    language: PromptTemplates.Language, reading: BuiltinReading = .hierarchyElsePixels,
    recognition: RecognitionSettings? = nil
  ) throws {
    vocabulary = language.vocabulary
    templates = try PromptTemplates.Language.allCases.map(PromptTemplates.load)
    reader = BuiltinScreenReader(
      reading: reading, recognition: recognition ?? Self.recognition(for: language))
  }

  /// How the model reads screenshots by default: English for `.en`, Chinese and English for
  /// `.zh`.
  public static func recognition(for language: PromptTemplates.Language) -> RecognitionSettings {
    RecognitionSettings(languages: language == .en ? .english : .chineseAndEnglish)
  }

  public func answer(_ request: ModelRequest) async throws -> String {
    let trees = try reader.trees(hierarchies: request.hierarchies, images: request.images)
    guard let page = trees.first else {
      throw ModelError(
        source: name, reason: "the request carries neither a UI hierarchy nor a screenshot")
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
    let pixels = tree.isPixelDerived
    // The line that says "search" (pixels show no fields), as an input of `text`.
    let searchLine = { (text: String) -> String? in
      guard
        let field = space.clicks.first(where: {
          Self.isSearchLabel(ParsedAnswer($0.text).ref ?? "")
        })
      else { return nil }
      let label = ParsedAnswer(field.text).ref ?? ""
      return "input(\(self.vocabulary.filledInputPrefix)<ref>\(label)</ref>"
        + "\(self.vocabulary.filledInputSuffix), <box>\(field.bounds)</box>,  "
        + "\(PageAction.quoted(text)))"
    }
    // "Find X": tap X where the screen shows it; type it only into a search field.
    let locate = LocateGoal(instruction)
    if let locate {
      let shown = space.clicks.map { ($0, locate.match(ParsedAnswer($0.text).ref ?? "")) }
        .filter { $0.1 >= LocateGoal.shownThreshold }.max { $0.1 < $1.1 }
      if let shown, !locate.namesSearchField { return shown.0.text }
      if let field = space.inputs.first {
        return "input(\(field.text),  \(PageAction.quoted(locate.text)))"
      }
      if pixels, let typed = searchLine(locate.text) { return typed }
      if let shown { return shown.0.text }
    }
    let typed =
      locate == nil
      ? PromptTemplates.slotText(in: instruction, templates: templates.flatMap(\.navigationInput))
      : nil
    if let typed, let field = space.inputs.first {
      return "input(\(field.text),  \(PageAction.quoted(typed)))"
    }
    // Pixels show no fields: a search goal types into the line that says "search".
    if pixels, let search = Self.searchText(instruction) ?? typed, let input = searchLine(search) {
      return input
    }
    let wanted =
      locate?.text
      ?? PromptTemplates.slotText(in: instruction, templates: templates.flatMap(\.navigationClick))
      ?? instruction
    let scored = space.clicks.map { entry in
      let label = ParsedAnswer(entry.text).ref ?? ""
      return (
        entry,
        pixels ? Self.goalScore(label, wanted: wanted) : TextSimilarity.score(label, wanted)
      )
    }
    let best = scored.max { $0.1 < $1.1 }
    // Pixels: no line names the goal's words, so they are further down; scroll to them.
    if pixels, (best?.1 ?? 0) < 0.5,
      let screen = tree.windows.first.flatMap({ tree.nodes[$0].bounds })
    {
      return "scroll(<box>\(screen)</box>,up)"
    }
    return best?.0.text ?? space.inputs.first.map { "input(\($0.text))" } ?? ""
  }

  /// The label's similarity to the wanted text, or, when higher, the share of the label's
  /// words that are words of it ("Display" in "open the display settings").
  static func goalScore(_ label: String, wanted: String) -> Double {
    let similarity = TextSimilarity.score(label, wanted)
    let words = TextSimilarity.words(label)
    guard !words.isEmpty else { return similarity }
    let goal = Set(TextSimilarity.words(wanted))
    let shared = Double(words.filter(goal.contains).count) / Double(words.count)
    return max(similarity, shared)
  }

  /// The text a search goal asks for ("search for cheap flights", "搜索天气"), nil otherwise.
  static func searchText(_ goal: String) -> String? {
    let trimmed = goal.trimmingCharacters(in: .whitespacesAndNewlines)
    for prefix in ["search for ", "search ", "look up ", "搜索"] {
      guard trimmed.lowercased().hasPrefix(prefix) else { continue }
      let rest = trimmed.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
      if !rest.isEmpty { return Self.quoted(rest) ?? rest }
    }
    return nil
  }

  /// True for a line that names a search field ("Search", "Search apps", "搜索").
  static func isSearchLabel(_ label: String) -> Bool {
    let lowered = label.lowercased()
    return lowered.hasPrefix("search") || lowered.contains(" search") || label.contains("搜索")
  }
}
