/// The options several commands share, defined once and composed into their specs.
extension CommandSpec.Option {
  /// `--db FILE`; `help` says what the command does with the graph.
  static func graph(_ help: String = "The graph database.", value: String = "FILE") -> Self {
    .init(name: .db, value: value, help: help)
  }

  /// `--json`: print `what` (`the summary`) as JSON instead of text.
  static func json(_ what: String) -> Self {
    .init(name: .json, help: "Print \(what) as JSON.")
  }
}
