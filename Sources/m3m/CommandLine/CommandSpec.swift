/// The description of one `m3m` sub-command: its name, what it does and the options it takes.
///
/// The spec drives both parsing (unknown options are refused) and `--help`. Its options are
/// composed from the groups several commands share (``CommandSpec/Option/graph(_:)``,
/// ``CommandSpec/Option/json(_:)``, ``ModelOptions``, the corpus options) and its own; a name
/// (or alias) given twice is a programming error that stops the program at once, as
/// swift-argument-parser does, and a test composes every command's spec.
struct CommandSpec: Sendable {
  /// One option or flag a command accepts.
  struct Option: Sendable {
    /// The spelling, e.g. `--db`.
    var name: OptionName
    /// The placeholder of the value (`FILE`), or nil for a flag that takes none.
    var value: String?
    /// One line of help.
    var help: String
    /// True when the option may be given more than once.
    var repeatable = false
    /// Other spellings accepted for it (kept for old command lines; help shows them).
    var aliases: [OptionName] = []

    /// Every spelling: the name, then the aliases.
    var names: [OptionName] { [name] + aliases }
  }

  /// The sub-command's name, e.g. `inspect`.
  var name: String
  /// One line saying what it does.
  var abstract: String
  /// The usage line(s) after `m3m NAME`.
  var usage: String
  /// The positional arguments, for help (name, help).
  var arguments: [(String, String)] = []
  /// The options and flags.
  var options: [Option] = []
  /// Extra paragraphs shown at the end of `--help`.
  var discussion: String = ""

  /// A spec from its parts; stops the program when two options share a spelling.
  init(
    name: String, abstract: String, usage: String, arguments: [(String, String)] = [],
    options: [Option] = [], discussion: String = ""
  ) {
    let duplicates = Self.duplicateNames(in: options)
    precondition(
      duplicates.isEmpty,
      "m3m \(name): option \(duplicates.map(\.text).joined(separator: ", ")) declared twice")
    self.name = name
    self.abstract = abstract
    self.usage = usage
    self.arguments = arguments
    self.options = options
    self.discussion = discussion
  }

  /// The spellings (names and aliases) that more than one of `options` claims, in order.
  static func duplicateNames(in options: [Option]) -> [OptionName] {
    var seen: Set<OptionName> = ["--help", "-h"]
    var duplicates: [OptionName] = []
    for name in options.flatMap(\.names) where !seen.insert(name).inserted {
      duplicates.append(name)
    }
    return duplicates
  }

  /// The option spelled `name` (its name or an alias).
  func option(_ name: OptionName) -> Option? {
    options.first { $0.names.contains(name) }
  }

  /// The `--help` text.
  var helpText: String {
    var lines = ["OVERVIEW: \(abstract)", "", "USAGE: m3m \(name) \(usage)"]
    if !arguments.isEmpty {
      lines += ["", "ARGUMENTS:"]
      for (argument, help) in arguments { lines.append(Self.row(argument, help)) }
    }
    lines += ["", "OPTIONS:"]
    for option in options {
      let left = option.value.map { "\(option.name) \($0)" } ?? option.name.text
      let aliases = option.aliases.map(\.text).joined(separator: ", ")
      lines.append(Self.row(left, option.help + (aliases.isEmpty ? "" : " Also \(aliases).")))
    }
    lines.append(Self.row("-h, --help", "Show this help."))
    if !discussion.isEmpty { lines += ["", discussion] }
    return lines.joined(separator: "\n")
  }

  private static func row(_ left: String, _ help: String) -> String {
    let padded =
      left.count < 26 ? left + String(repeating: " ", count: 26 - left.count) : left + " "
    return "  " + padded + help
  }
}
