import FileIO
import Foundation

/// The instruction templates of every task in one language, read from the data files in
/// `Sources/Tasks/Templates/Resources` (`templates-zh.json`: the original's Chinese templates;
/// `templates-en.json`: m3m's English set). `{text}` marks the slot of a referring text.
public struct PromptTemplates: Sendable, Codable, Hashable {
  /// Where the templates come from.
  public var source: String
  /// Element Grounding questions, with `{text}`.
  public var grounding: [String]
  /// Element List Generation instructions.
  public var elementList: [String]
  /// Action Space Generation instructions.
  public var actionSpace: [String]
  /// Action Prediction questions (two screenshots).
  public var actionPrediction: [String]
  /// Page Navigation instructions for clicks, with `{text}` (the element's label).
  public var navigationClick: [String]
  /// Page Navigation instructions for inputs, with `{text}` (the text to type).
  public var navigationInput: [String]

  /// The languages templates exist for.
  public enum Language: String, Sendable, CaseIterable, Codable {
    /// The original's Chinese templates and target words.
    case zh
    /// m3m's English templates and target words.
    case en

    /// The target words that go with the language.
    public var vocabulary: ActionVocabulary { self == .zh ? .chinese : .english }
  }

  /// The templates of `language`.
  public static func load(_ language: Language) throws -> PromptTemplates {
    guard
      let url = Bundle.module.url(
        forResource: "templates-\(language.rawValue)", withExtension: "json",
        subdirectory: "Resources")
    else {
      throw TaskError(
        source: "templates-\(language.rawValue).json", reason: "not found in the Tasks bundle")
    }
    do {
      return try JSONDecoder().decode(PromptTemplates.self, from: Data(contentsOf: url))
    } catch {
      throw TaskError(
        source: url.path, reason: "unreadable templates: \(PlainErrorText.describe(error))")
    }
  }

  /// `template` with `{text}` replaced.
  public static func fill(_ template: String, text: String) -> String {
    template.replacingOccurrences(of: "{text}", with: text)
  }
}

/// A corpus, sample or answer that cannot be built or read, with the file or record and why.
public struct TaskError: Error, CustomStringConvertible, Sendable {
  /// The file, page or record.
  public var source: String
  /// What is wrong.
  public var reason: String

  /// An error from its parts.
  public init(source: String, reason: String) {
    self.source = source
    self.reason = reason
  }

  public var description: String { "\(source): \(reason)" }
}

extension PromptTemplates {
  /// The text in the `{text}` slot of whichever of `templates` produced `instruction` (the
  /// most specific match: longest fixed part), or nil when none did.
  public static func slotText(in instruction: String, templates: [String]) -> String? {
    let trimmed = instruction.trimmingCharacters(in: .newlines)
    var best: (fixed: Int, text: String)?
    for template in templates {
      guard let slot = template.range(of: "{text}") else { continue }
      let prefix = String(template[..<slot.lowerBound])
      let suffix = String(template[slot.upperBound...])
      guard trimmed.count > prefix.count + suffix.count, trimmed.hasPrefix(prefix),
        trimmed.hasSuffix(suffix)
      else { continue }
      let text = String(trimmed.dropFirst(prefix.count).dropLast(suffix.count))
      if best.map({ prefix.count + suffix.count > $0.fixed }) ?? true {
        best = (prefix.count + suffix.count, text)
      }
    }
    return best?.text
  }
}
