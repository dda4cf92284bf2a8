import Foundation
import TextRecognition

/// A goal that asks to find a text on the screen ("Find Dark mode", "look for Wi-Fi", "help me
/// find \"Sound\"", "locate Battery"): the agent taps the text when the screen shows it, and
/// types it only into a search field the goal names ("find weather in the search box") or,
/// when the text is not shown, one the screen offers.
///
/// "Search for …" and "look up …" are typing goals, not locate goals.
struct LocateGoal: Hashable {
  /// The text to find.
  var text: String
  /// The goal says to use a search field ("… in the search box", "… using search").
  var namesSearchField: Bool

  static let prefixes = ["help me find ", "find ", "look for ", "locate "]
  static let searchMarkers = [
    " in the search", " in search", " using the search", " using search", " with the search",
    " with search", " via search",
  ]

  /// A goal from its parts.
  init(text: String, namesSearchField: Bool) {
    self.text = text
    self.namesSearchField = namesSearchField
  }

  /// The locate goal `goal` states; nil for any other goal.
  init?(_ goal: String) {
    let trimmed = goal.trimmingCharacters(in: .whitespacesAndNewlines)
    let lowered = trimmed.lowercased()
    guard let prefix = Self.prefixes.first(where: lowered.hasPrefix) else { return nil }
    var rest = String(trimmed.dropFirst(prefix.count))
    namesSearchField = false
    for marker in Self.searchMarkers {
      if let range = rest.range(of: marker, options: .caseInsensitive) {
        rest = String(rest[..<range.lowerBound])
        namesSearchField = true
        break
      }
    }
    rest = BuiltinModel.quoted(rest) ?? rest
    rest = rest.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: ".?!")))
    guard !rest.isEmpty else { return nil }
    text = rest
  }

  /// How well `label` shows the text: 1 when its words hold the text's words in a row, else
  /// the edit similarity (OCR misreads a letter or two); 0.8 and above counts as shown.
  func match(_ label: String) -> Double {
    let wanted = TextSimilarity.words(text)
    let words = TextSimilarity.words(label)
    if !wanted.isEmpty, words.count >= wanted.count,
      (0...(words.count - wanted.count)).contains(where: {
        Array(words[$0..<($0 + wanted.count)]) == wanted
      })
    {
      return 1
    }
    return editSimilarity(label.lowercased(), text.lowercased())
  }

  /// The least ``match(_:)`` of a label that shows the text.
  static let shownThreshold = TextComparison.threshold
}
