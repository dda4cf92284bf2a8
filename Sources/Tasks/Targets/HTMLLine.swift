/// Reads the parts of a compact-HTML line the original's regular expressions read, with the
/// same results (including their quirks), without a regex engine.
enum HTMLLine {
  /// The first capture of `>\s*([^<>]+)\s*<`: the text after the first `>` that is followed by
  /// text and then `<`, leading whitespace removed, trailing whitespace kept (`"> X </p>"` gives
  /// `"X "`); when that text is only whitespace, its last character (`">  </p>"` gives `" "`).
  static func innerText(_ line: String) -> String? {
    var scalars = Substring(line).unicodeScalars[...]
    while let open = scalars.firstIndex(of: ">") {
      let rest = scalars[scalars.index(after: open)...]
      let end = rest.firstIndex { $0 == "<" || $0 == ">" } ?? rest.endIndex
      let segment = rest[..<end]
      if end < rest.endIndex, rest[end] == "<", !segment.isEmpty {
        if let first = segment.firstIndex(where: { !$0.properties.isWhitespace }) {
          return String(String.UnicodeScalarView(segment[first...]))
        }
        return String(Character(segment.last!))
      }
      scalars = rest[end...]
      if scalars.first == "<" { scalars = scalars.dropFirst() }
    }
    return nil
  }

  /// The first non-empty value of `description="…"` (the regex `description="([^"]+)"`).
  static func description(_ line: String) -> String? {
    var rest = Substring(line)
    while let range = rest.range(of: "description=\"") {
      let value = rest[range.upperBound...].prefix { $0 != "\"" }
      let closed = value.endIndex < rest.endIndex
      if !value.isEmpty && closed { return String(value) }
      rest = rest[range.upperBound...]
    }
    return nil
  }

  /// The first `bounds="[x1,y1][x2,y2]"` value with non-negative integers, as written.
  static func bounds(_ line: String) -> String? {
    var rest = Substring(line)
    while let range = rest.range(of: "bounds=\"") {
      let value = rest[range.upperBound...].prefix { $0 != "\"" }
      if value.endIndex < rest.endIndex, isPixelBox(value) { return String(value) }
      rest = rest[range.upperBound...]
    }
    return nil
  }

  /// `[digits,digits][digits,digits]`.
  static func isPixelBox(_ text: Substring) -> Bool {
    var state = 0
    var digits = 0
    let shape: [Character] = ["[", "0", ",", "0", "]", "[", "0", ",", "0", "]"]
    for character in text {
      guard state < shape.count else { return false }
      if shape[state] == "0" {
        if character.isASCII && character.isNumber {
          digits += 1
          continue
        }
        guard digits > 0 else { return false }
        digits = 0
        state += 1
      }
      guard state < shape.count, character == shape[state] else { return false }
      state += 1
    }
    return state == shape.count
  }

  /// Python's `str.strip()`: whitespace removed from both ends.
  static func stripped(_ text: String) -> String {
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else {
      return ""
    }
    let last = scalars.lastIndex { !$0.properties.isWhitespace }!
    return String(String.UnicodeScalarView(scalars[first...last]))
  }
}
