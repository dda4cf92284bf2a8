import Tasks

/// `--lang` values.
enum PromptLanguage {
  /// The language named, `zh` when absent; nil when unknown.
  static func parse(_ value: String?) -> PromptTemplates.Language? {
    PromptTemplates.Language(rawValue: value ?? "zh")
  }
}
