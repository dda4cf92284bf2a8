/// A list of texts bound as one JSON array parameter and read back as rows, in the form each
/// engine has: SQLite's `json_each`, PostgreSQL's `json_array_elements_text`.
extension Database {
  /// A subquery selecting the strings of the JSON array bound at `parameter` (`?` or `?N`),
  /// for `column IN (…)`.
  func jsonTextList(_ parameter: String) -> String {
    engine == .postgresql
      ? "SELECT json_array_elements_text(\(parameter)::json)"
      : "SELECT value FROM json_each(\(parameter))"
  }

  /// The value to bind for ``jsonTextList(_:)``: `texts` as a JSON array of strings.
  static func jsonTextArray(_ texts: [String]) -> DatabaseValue {
    .text("[" + texts.map(JSONText.string).joined(separator: ",") + "]")
  }
}
