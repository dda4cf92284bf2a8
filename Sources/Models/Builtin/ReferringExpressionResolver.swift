/// Picks the element a referring expression ("click on the icon right to the text
/// clubtijuana", "select the second image") means, from hierarchy facts only: words of the
/// element's text, description and resource id; its kind (text, image or icon, input, check
/// box, switch); where it is (top, bottom, left, right); its rank ("second", "last"); and where
/// it lies relative to an anchor element the expression names ("below", "above", "right of",
/// "left of", "next to").
///
/// Each candidate gets a score from these clues; the best one wins. No learning: the rules and
/// weights are written here and measured in the README.
public enum ReferringExpressionResolver {
  /// The index in `candidates` the expression most likely means (nil when there is none).
  /// `context` holds every element of the screen, for words and anchors.
  public static func resolve(
    _ expression: String, candidates: [ScreenElement], context: [ScreenElement] = []
  ) -> Int? {
    guard !candidates.isEmpty else { return nil }
    let parsed = ParsedExpression(expression)
    let described = candidates.map { candidate -> Described in
      // A candidate's words are its own and those of context elements that cover it.
      var words = candidate.words
      var classes = [candidate.className]
      for element in context where element.overlap(candidate.box) > 0.5 {
        words += element.words
        classes.append(element.className)
      }
      return Described(element: candidate, words: Set(words), classes: classes)
    }
    var scores = described.map { lexical(parsed.content, $0.words) * 3 }
    let anyLexical = scores.contains { $0 > 0 }
    for (index, candidate) in described.enumerated() {
      if let kind = parsed.kind, candidate.matches(kind) { scores[index] += 0.6 }
      if parsed.content.isEmpty || !anyLexical {
        // Without words to match, prefer elements that carry no text for icon-like kinds.
        if parsed.kind == .visual && candidate.words.isEmpty { scores[index] += 0.2 }
      }
      scores[index] += positionScore(parsed.positions, candidate.element)
    }
    if let relation = parsed.relation, let anchor = anchor(relation.words, in: context + candidates)
    {
      for (index, candidate) in described.enumerated() {
        scores[index] += relationScore(relation.kind, candidate.element, anchor) * 1.5
      }
    }
    if let ordinal = parsed.ordinal {
      let pool = described.indices.filter { index in
        parsed.kind.map { described[index].matches($0) } ?? true
      }
      let ordered = (pool.isEmpty ? Array(described.indices) : pool).sorted { a, b in
        let ea = described[a].element
        let eb = described[b].element
        if parsed.ordinalAxis == .horizontal {
          return ea.centerX != eb.centerX ? ea.centerX < eb.centerX : ea.centerY < eb.centerY
        }
        return abs(ea.centerY - eb.centerY) > 0.01
          ? ea.centerY < eb.centerY : ea.centerX < eb.centerX
      }
      let position = ordinal < 0 ? ordered.count + ordinal : ordinal
      if ordered.indices.contains(position) { scores[ordered[position]] += 1.2 }
    }
    return scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }
  }

  struct Described {
    var element: ScreenElement
    var words: Set<String>
    var classes: [String]

    func matches(_ kind: ParsedExpression.Kind) -> Bool {
      let names = classes.map { $0.lowercased() }
      func has(_ parts: String...) -> Bool {
        names.contains { name in parts.contains { name.contains($0) } }
      }
      switch kind {
      case .visual: return has("image", "icon", "view") && !has("text")
      case .text: return has("text") && !has("input", "edit")
      case .input: return has("input", "edit", "field")
      case .check: return has("check", "radio")
      case .toggle: return has("switch", "toggle")
      case .button: return has("button")
      }
    }
  }

  /// Share of the expression's content words the element has (exact words, or a prefix of at
  /// least four letters either way).
  static func lexical(_ content: [String], _ words: Set<String>) -> Double {
    guard !content.isEmpty, !words.isEmpty else { return 0 }
    var hits = 0.0
    for word in content {
      if words.contains(word) {
        hits += 1
      } else if word.count >= 4,
        words.contains(where: { $0.count >= 4 && ($0.hasPrefix(word) || word.hasPrefix($0)) })
      {
        hits += 0.7
      }
    }
    return hits / Double(content.count)
  }

  static func positionScore(_ positions: Set<String>, _ element: ScreenElement) -> Double {
    var score = 0.0
    if positions.contains("top") { score += (1 - element.centerY) * 0.8 }
    if positions.contains("bottom") { score += element.centerY * 0.8 }
    if positions.contains("left") { score += (1 - element.centerX) * 0.8 }
    if positions.contains("right") { score += element.centerX * 0.8 }
    if positions.contains("middle") {
      score += (1 - abs(element.centerX - 0.5) - abs(element.centerY - 0.5)) * 0.5
    }
    return score
  }

  /// The element the anchor words name best (nil when none shares a word).
  static func anchor(_ words: [String], in elements: [ScreenElement]) -> ScreenElement? {
    var best: (Double, ScreenElement)?
    for element in elements {
      let score = lexical(words, Set(element.words))
      if score > 0, best.map({ score > $0.0 }) ?? true { best = (score, element) }
    }
    return best?.1
  }

  /// 0…1: how well `element` stands in `kind` relation to `anchor` (near and on that side).
  static func relationScore(
    _ kind: ParsedExpression.RelationKind, _ element: ScreenElement, _ anchor: ScreenElement
  ) -> Double {
    let dx = element.centerX - anchor.centerX
    let dy = element.centerY - anchor.centerY
    guard element.overlap(anchor.box) < 0.5 else { return 0 }
    let rowOverlap = min(element.box[3], anchor.box[3]) - max(element.box[1], anchor.box[1]) > 0
    let columnOverlap = min(element.box[2], anchor.box[2]) - max(element.box[0], anchor.box[0]) > 0
    let distance = (dx * dx + dy * dy).squareRoot()
    let near = max(0, 1 - distance * 2)
    switch kind {
    case .below: return dy > 0 ? near + (columnOverlap ? 0.5 : 0) : 0
    case .above: return dy < 0 ? near + (columnOverlap ? 0.5 : 0) : 0
    case .rightOf: return dx > 0 ? near + (rowOverlap ? 0.5 : 0) : 0
    case .leftOf: return dx < 0 ? near + (rowOverlap ? 0.5 : 0) : 0
    case .nextTo: return near + (rowOverlap ? 0.5 : 0)
    }
  }
}
