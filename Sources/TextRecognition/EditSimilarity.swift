/// Normalised edit similarity of two texts: 1 − Levenshtein distance / the longer length,
/// counted in characters (a Chinese character is one), after case folding and with whitespace
/// removed (spacing is layout, not text). 1 for two texts that are equal that way, 0 when one is
/// empty and the other not.
public func editSimilarity(_ first: String, _ second: String) -> Double {
  let a = normalisedCharacters(first)
  let b = normalisedCharacters(second)
  let longer = max(a.count, b.count)
  guard longer > 0 else { return 1 }
  return 1 - Double(levenshtein(a, b)) / Double(longer)
}

func normalisedCharacters(_ text: String) -> [Character] {
  text.lowercased().filter { !$0.isWhitespace }.map { $0 }
}

/// Edits (insert, delete, substitute) that turn `a` into `b`; two rows of the table.
func levenshtein(_ a: [Character], _ b: [Character]) -> Int {
  guard !a.isEmpty else { return b.count }
  guard !b.isEmpty else { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for (i, characterA) in a.enumerated() {
    current[0] = i + 1
    for (j, characterB) in b.enumerated() {
      current[j + 1] = Swift.min(
        previous[j + 1] + 1, current[j] + 1, previous[j] + (characterA == characterB ? 0 : 1))
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
