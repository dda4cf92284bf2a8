/// A referring expression taken apart: content words, the kind of element, positions, a rank
/// and a relation to an anchor.
struct ParsedExpression {
  enum Kind { case visual, text, input, check, toggle, button }
  enum RelationKind { case below, above, rightOf, leftOf, nextTo }
  enum Axis { case vertical, horizontal }

  /// Words naming the element itself (not its kind, position or anchor).
  var content: [String] = []
  var kind: Kind?
  var positions: Set<String> = []
  /// 0-based rank; negative counts from the end (-1 = last).
  var ordinal: Int?
  var ordinalAxis: Axis = .vertical
  var relation: (kind: RelationKind, words: [String])?

  static let stopWords: Set<String> = [
    "click", "on", "the", "select", "which", "is", "to", "of", "at", "in", "a", "an", "tap",
    "go", "me", "please", "choose", "that", "this", "with", "and", "from", "just", "shown",
    "says", "for", "it", "its", "press", "open", "option", "page", "side", "corner", "hand",
    "which", "are", "you", "there", "here", "immediate", "one", "row", "column", "screen",
    "displayed", "visible", "text", "icon", "button", "image", "symbol", "logo", "picture",
    "box", "field", "bar", "tab", "link", "menu", "item", "mark", "sign",
  ]
  static let kinds: [(String, Kind)] = [
    ("icon", .visual), ("image", .visual), ("symbol", .visual), ("logo", .visual),
    ("picture", .visual), ("photo", .visual), ("arrow", .visual), ("text", .text),
    ("option", .text), ("link", .text), ("field", .input), ("input", .input), ("bar", .input),
    ("checkbox", .check), ("check", .check), ("radio", .check), ("switch", .toggle),
    ("toggle", .toggle), ("button", .button),
  ]
  static let ordinals: [String: Int] = [
    "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
    "fifth": 4, "5th": 4, "sixth": 5, "6th": 5, "last": -1,
  ]
  static let relations: [([String], RelationKind)] = [
    (["below"], .below), (["under"], .below), (["beneath"], .below), (["above"], .above),
    (["over"], .above), (["right", "to"], .rightOf), (["right", "of"], .rightOf),
    (["right", "side", "of"], .rightOf), (["left", "to"], .leftOf), (["left", "of"], .leftOf),
    (["left", "side", "of"], .leftOf), (["after"], .rightOf), (["before"], .leftOf),
    (["beside"], .nextTo), (["next", "to"], .nextTo), (["near"], .nextTo),
  ]

  init(_ expression: String) {
    var words = TextSimilarity.words(expression)
    // A relation splits the expression: the element before it, the anchor after it.
    for start in words.indices {
      guard
        let (pattern, kind) = Self.relations.first(where: { pattern, _ in
          start + pattern.count <= words.count
            && Array(words[start..<start + pattern.count]) == pattern
        })
      else { continue }
      let anchorWords = words[(start + pattern.count)...].filter { !Self.stopWords.contains($0) }
      guard !anchorWords.isEmpty else { continue }
      relation = (kind, Array(anchorWords))
      words = Array(words[..<start])
      break
    }
    for (index, word) in words.enumerated() {
      if let rank = Self.ordinals[word] {
        ordinal = rank
        let rest = words.dropFirst(index + 1)
        if rest.contains("left") || rest.contains("right") && !rest.contains("top") {
          ordinalAxis = .horizontal
        }
        continue
      }
      if ["top", "bottom", "left", "right", "middle", "center", "centre"].contains(word) {
        positions.insert(word == "center" || word == "centre" ? "middle" : word)
        continue
      }
      if kind == nil, let found = Self.kinds.first(where: { $0.0 == word }) { kind = found.1 }
      if !Self.stopWords.contains(word) && Self.ordinals[word] == nil { content.append(word) }
    }
    // Rank words like "first from top" name the axis, not a place.
    if ordinal != nil { positions.subtract(["top", "left"]) }
  }
}
