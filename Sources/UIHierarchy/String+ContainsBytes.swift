extension StringProtocol {
  /// Whether `needle` occurs in the string, comparing UTF-8 bytes: code point for code point,
  /// as Python's `in` (no Unicode normalisation), and without Foundation's slower `contains`.
  @inlinable
  public func containsBytes(_ needle: String) -> Bool {
    var haystack = utf8[...]
    let pattern = Array(needle.utf8)
    guard let first = pattern.first else { return true }
    while let start = haystack.firstIndex(of: first) {
      if haystack[start...].starts(with: pattern) { return true }
      haystack = haystack[haystack.index(after: start)...]
    }
    return false
  }
}
