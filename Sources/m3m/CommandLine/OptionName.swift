/// The spelling of an option (`--db`): the key a command's spec declares it under and its
/// code looks it up by. The names several commands share are the static members below, so a
/// lookup is `arguments.value(.db)`, checked against the spec (see ``ParsedArguments``).
struct OptionName: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
  /// The spelling, with its dashes.
  var text: String

  init(stringLiteral text: String) { self.text = text }

  var description: String { text }

  /// The graph database.
  static let db: OptionName = "--db"
  /// Print the result as JSON.
  static let json: OptionName = "--json"
  /// Where the output goes.
  static let out: OptionName = "--out"
  /// A format name, one of an enum's cases.
  static let format: OptionName = "--format"
  /// At most N of something.
  static let limit: OptionName = "--limit"
  /// Prompt and template language.
  static let lang: OptionName = "--lang"
}
