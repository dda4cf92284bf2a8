/// Lexical similarity for matching referring texts to element labels.
enum TextSimilarity {
  /// Lower-cased, with spaces and punctuation removed.
  static func normalized(_ text: String) -> String {
    String(
      String.UnicodeScalarView(
        text.lowercased().unicodeScalars.filter {
          !$0.properties.isWhitespace && !Character($0).isPunctuation
            && !"“”\"'‘’`".unicodeScalars.contains($0)
        }))
  }

  /// 1 for equal normalized texts; otherwise the Dice coefficient of character bigrams (single
  /// characters for one-character texts), with containment counted as at least 0.8.
  static func score(_ a: String, _ b: String) -> Double {
    let x = normalized(a)
    let y = normalized(b)
    guard !x.isEmpty, !y.isEmpty else { return 0 }
    if x == y { return 1 }
    var dice = 0.0
    let gx = grams(x)
    let gy = grams(y)
    var counts: [String: Int] = [:]
    for gram in gx { counts[gram, default: 0] += 1 }
    var shared = 0
    for gram in gy where (counts[gram] ?? 0) > 0 {
      counts[gram]! -= 1
      shared += 1
    }
    dice = 2 * Double(shared) / Double(gx.count + gy.count)
    if x.contains(y) || y.contains(x) {
      dice = max(dice, 0.8 * Double(min(x.count, y.count)) / Double(max(x.count, y.count)) + 0.2)
    }
    return dice
  }

  /// Words (runs of letters or digits), lower-cased.
  static func words(_ text: String) -> [String] {
    text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
  }

  private static func grams(_ text: String) -> [String] {
    let characters = Array(text)
    guard characters.count > 1 else { return [String(characters)] }
    return (0..<(characters.count - 1)).map { String(characters[$0...$0 + 1]) }
  }
}
