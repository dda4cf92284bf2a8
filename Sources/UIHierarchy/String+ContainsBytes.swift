extension StringProtocol {
  /// Whether `needle` occurs in the string, comparing UTF-8 bytes: code point for code point,
  /// as Python's `in` (no Unicode normalisation), and without Foundation's slower `contains`.
  @inlinable
  public func containsBytes(_ needle: String) -> Bool {
    // Native strings and literals: a scan of their bytes in place, nothing allocated.
    let inPlace = utf8.withContiguousStorageIfAvailable { haystack in
      needle.utf8.withContiguousStorageIfAvailable { haystack.containsBytes($0) }
    }
    if let inPlace, let found = inPlace { return found }
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

extension UnsafeBufferPointer<UInt8> {
  /// Whether `pattern` occurs in these bytes.
  @usableFromInline
  func containsBytes(_ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = pattern.first else { return true }
    guard pattern.count <= count else { return false }
    var start = 0
    while start <= count - pattern.count {
      if self[start] == first {
        var matched = 1
        while matched < pattern.count, self[start + matched] == pattern[matched] { matched += 1 }
        if matched == pattern.count { return true }
      }
      start += 1
    }
    return false
  }
}
