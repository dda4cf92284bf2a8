/// The description of one `m3m` sub-command: its name, what it does and the options it takes.
///
/// The spec drives both parsing (unknown options are refused) and `--help`.
struct CommandSpec: Sendable {
  /// One option or flag a command accepts.
  struct Option: Sendable {
    /// The spelling, e.g. `--db`.
    var name: String
    /// The placeholder of the value (`FILE`), or nil for a flag that takes none.
    var value: String?
    /// One line of help.
    var help: String
    /// True when the option may be given more than once.
    var repeatable = false
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

  /// The `--help` text.
  var helpText: String {
    var lines = ["OVERVIEW: \(abstract)", "", "USAGE: m3m \(name) \(usage)"]
    if !arguments.isEmpty {
      lines += ["", "ARGUMENTS:"]
      for (argument, help) in arguments { lines.append(Self.row(argument, help)) }
    }
    lines += ["", "OPTIONS:"]
    for option in options {
      let left = option.value.map { "\(option.name) \($0)" } ?? option.name
      lines.append(Self.row(left, option.help))
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
