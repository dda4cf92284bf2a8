/// An enum whose raw values are the words an option accepts (`--format qwen|llava`): help
/// texts and errors list them from `allCases`, so they cannot drift from what is parsed.
protocol OptionChoice: CaseIterable, RawRepresentable<String> {}

extension OptionChoice {
  /// The accepted words, `a, b, c`.
  static var choiceList: String { allCases.map(\.rawValue).joined(separator: ", ") }
  /// The accepted words, `a|b|c`, for usage lines.
  static var choiceBar: String { allCases.map(\.rawValue).joined(separator: "|") }
}
