import Foundation
import Geometry

/// A parser for the plain form every uiautomator dump takes — UTF-8, `<hierarchy>` and `<node>`
/// elements (or Appium's class-named ones), attributes in quotes, the five predefined entities
/// and numeric character references — that builds the same tree as libxml2 in a fraction of the
/// time.
///
/// It reads only what it fully understands: a DOCTYPE, a comment, a processing instruction,
/// CDATA, text between elements, a namespace, another declared encoding, a carriage return or
/// control character in a value, any other entity, anything not well-formed, a tree over a
/// limit or deeper than libxml2's own default (256): ``tree(of:source:)`` returns nil and the
/// caller hands the dump to libxml2, whose verdicts and messages users see.
///
/// Each attribute position is read against the last tag's: when the name's bytes and the
/// value's raw bytes are the same as there (most are: `false`, the package, a class), the
/// strings, the typed field and the bounds read there are reused.
struct PlainDumpParser {
  private var builder: HierarchyBuilder
  /// What was read at each attribute position of the last start tag.
  private var slots: [Slot] = []
  /// A number for each distinct attribute name, and for each number the start tag it was last
  /// read on: a repeated attribute is found in constant time.
  private var nameNumbers: [String: Int] = [:]
  private var lastTagOfName: [Int] = []
  private var tagCount = 0
  /// A decoded value (entities and references resolved, white space normalized).
  private var decoded: [UInt8] = []
  /// The last element name read: its place in the input and its string.
  private var elementNameStart = 0
  private var elementNameCount = -1
  private var elementName = ""

  /// libxml2's own nesting limit without `XML_PARSE_HUGE`; deeper trees are left to it.
  private static let deepestRead = 256

  private struct Slot {
    var nameStart = 0
    var nameCount = -1
    var name = ""
    var number = 0
    var known = UINode.Known.other
    var isBounds = false
    /// The value's raw bytes in the input (before decoding), and what they gave.
    var rawStart = 0
    var rawCount = -1
    var value = ""
    var isTrue = false
    var bounds: Bounds?
  }

  init(limits: HierarchyLimits) {
    builder = HierarchyBuilder(limits: limits)
  }

  /// The tree of `document` (the bytes from its first `<` to the end of its root element), or
  /// nil when the document holds anything this parser leaves to libxml2.
  mutating func tree(of document: UnsafeRawBufferPointer, source: String) -> UITree? {
    let bytes = document.bindMemory(to: UInt8.self)
    guard !bytes.isEmpty, readDocument(bytes) else { return nil }
    return try? builder.tree(source: source)
  }

  // MARK: - Document and elements

  private mutating func readDocument(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var position = 0
    if Self.starts(bytes, at: 0, with: "<?xml") {
      guard let end = Self.declarationEnd(bytes) else { return false }
      position = end
    }
    Self.skipSpace(bytes, &position)
    // Where each open element's name lies, to match its end tag.
    var open: [(start: Int, count: Int)] = []
    repeat {
      guard position + 1 < bytes.count, bytes[position] == Ascii.less else { return false }
      if bytes[position + 1] == Ascii.slash {
        guard let element = open.popLast(),
          let end = endTagEnd(bytes, at: position, name: element)
        else { return false }
        builder.close()
        position = end
      } else {
        guard let (end, name, selfClosing) = startTag(bytes, at: position) else { return false }
        if selfClosing { builder.close() } else { open.append(name) }
        position = end
      }
      // Only white space between elements.
      Self.skipSpace(bytes, &position)
    } while !open.isEmpty
    return position == bytes.count
  }

  /// The index past the end tag at `position` when it closes the element named at `name`.
  private func endTagEnd(
    _ bytes: UnsafeBufferPointer<UInt8>, at position: Int, name: (start: Int, count: Int)
  ) -> Int? {
    let start = position + 2
    guard start + name.count < bytes.count,
      Self.equal(bytes, start, name.start, count: name.count),
      !Self.isNameByte(bytes[start + name.count])
    else { return nil }
    var end = start + name.count
    Self.skipSpace(bytes, &end)
    guard end < bytes.count, bytes[end] == Ascii.greater else { return nil }
    return end + 1
  }

  /// Reads the start tag at `position` and opens its element: the index past the tag, where its
  /// name lies, and whether it closes itself (`/>`).
  private mutating func startTag(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int)
    -> (end: Int, name: (start: Int, count: Int), selfClosing: Bool)?
  {
    guard builder.limitExceeded(openingWith: 0) == nil, builder.depth < Self.deepestRead else {
      return nil
    }
    let nameStart = position + 1
    guard let nameCount = Self.name(bytes, at: nameStart) else { return nil }
    if nameCount != elementNameCount
      || !Self.equal(bytes, nameStart, elementNameStart, count: nameCount)
    {
      elementName = String(decoding: bytes[nameStart..<nameStart + nameCount], as: UTF8.self)
      (elementNameStart, elementNameCount) = (nameStart, nameCount)
    }
    tagCount += 1
    var attributes: [UINode.Attribute] = []
    attributes.reserveCapacity(slots.count)
    var indexed = UINode.IndexedAttributes()
    var bounds: Bounds?
    var index = nameStart + nameCount
    var selfClosing = false
    while true {
      let spaced = index < bytes.count && Self.isSpace(bytes[index])
      Self.skipSpace(bytes, &index)
      guard index < bytes.count else { return nil }
      if bytes[index] == Ascii.greater {
        index += 1
        break
      }
      if bytes[index] == Ascii.slash {
        guard index + 1 < bytes.count, bytes[index + 1] == Ascii.greater else { return nil }
        index += 2
        selfClosing = true
        break
      }
      guard spaced, attributes.count < builder.limits.maximumAttributes,
        let end = attribute(bytes, at: index, position: attributes.count)
      else { return nil }
      index = end
      let slot = slots[attributes.count]
      if slot.isBounds { bounds = slot.bounds }
      indexed.add(slot.known, value: slot.value, isTrue: slot.isTrue)
      attributes.append(UINode.Attribute(name: slot.name, value: slot.value))
    }
    builder.open(
      elementName: elementName, attributes: attributes, bounds: bounds, indexed: indexed)
    return (index, (nameStart, nameCount), selfClosing)
  }

  /// Reads the attribute at `index` into `slots[position]`: the index past its closing quote.
  private mutating func attribute(
    _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, position: Int
  ) -> Int? {
    guard let nameCount = Self.name(bytes, at: index) else { return nil }
    var next = index + nameCount
    Self.skipSpace(bytes, &next)
    guard next < bytes.count, bytes[next] == Ascii.equals else { return nil }
    next += 1
    Self.skipSpace(bytes, &next)
    guard next < bytes.count, bytes[next] == Ascii.quote || bytes[next] == Ascii.apostrophe,
      let close = Self.find(bytes[next], in: bytes, from: next + 1)
    else { return nil }
    let valueStart = next + 1
    if slots.count <= position { slots.append(Slot()) }
    if slots[position].nameCount != nameCount
      || !Self.equal(bytes, index, slots[position].nameStart, count: nameCount)
    {
      guard nameSlot(bytes, at: index, count: nameCount, position: position) else { return nil }
    }
    // The same name twice on one element is not well-formed.
    let number = slots[position].number
    guard lastTagOfName[number] != tagCount else { return nil }
    lastTagOfName[number] = tagCount
    let valueCount = close - valueStart
    if slots[position].rawCount != valueCount
      || !Self.equal(bytes, valueStart, slots[position].rawStart, count: valueCount)
    {
      guard value(bytes, from: valueStart, to: close, position: position) else { return nil }
    }
    return close + 1
  }

  /// Fills `slots[position]`'s name from the attribute name at `index`.
  private mutating func nameSlot(
    _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, count: Int, position: Int
  ) -> Bool {
    let name = String(decoding: bytes[index..<index + count], as: UTF8.self)
    let number: Int
    if let known = nameNumbers[name] {
      number = known
    } else {
      number = lastTagOfName.count
      nameNumbers[name] = number
      lastTagOfName.append(0)
    }
    let known = UINode.Known(name: name)
    slots[position] = Slot(
      nameStart: index, nameCount: count, name: name, number: number, known: known,
      isBounds: name == "bounds", value: slots[position].value)
    return true
  }

  /// Decodes the value between `start` and `end` into `slots[position]`; false when it holds
  /// anything left to libxml2.
  private mutating func value(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, position: Int
  ) -> Bool {
    let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
    var plain = true
    for byte in raw
    where byte < 0x20 || byte >= 0x80 || byte == Ascii.ampersand || byte == Ascii.less {
      plain = false
      break
    }
    if plain {
      store(raw, position: position)
    } else {
      guard decode(raw) else { return false }
      decoded.withUnsafeBufferPointer { store($0, position: position) }
    }
    slots[position].rawStart = start
    slots[position].rawCount = end - start
    return true
  }

  /// Sets `slots[position]`'s value from its decoded UTF-8, sharing the string already there
  /// when equal.
  private mutating func store(_ value: UnsafeBufferPointer<UInt8>, position: Int) {
    if !HierarchyBuilder.holds(slots[position].value, value) {
      slots[position].value = String(decoding: value, as: UTF8.self)
    }
    slots[position].isTrue =
      value.count == 4 && value[0] == UInt8(ascii: "t") && value[1] == UInt8(ascii: "r")
      && value[2] == UInt8(ascii: "u") && value[3] == UInt8(ascii: "e")
    if slots[position].isBounds {
      slots[position].bounds = Bounds(parsingUTF8: UnsafeRawBufferPointer(value))
    }
  }

  // MARK: - Values

  /// Decodes a raw value into `decoded` as XML does: references resolved, a tab or line feed
  /// read as a space. False for a carriage return (line-end handling is left to libxml2), a
  /// control character, `<`, an entity other than the five predefined, a reference to a
  /// character XML does not allow, or bytes that are not well-formed UTF-8.
  private mutating func decode(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
    decoded.removeAll(keepingCapacity: true)
    var index = 0
    while index < raw.count {
      let byte = raw[index]
      switch byte {
      case Ascii.ampersand:
        guard let (scalar, end) = Self.reference(raw, at: index) else { return false }
        decoded.append(contentsOf: scalar.utf8)
        index = end
      case Ascii.less: return false
      case Ascii.tab, Ascii.lineFeed:
        decoded.append(Ascii.space)
        index += 1
      case 0x20..<0x80:
        decoded.append(byte)
        index += 1
      case 0x80...:
        guard let length = Self.utf8Length(raw, at: index) else { return false }
        decoded.append(contentsOf: raw[index..<index + length])
        index += length
      default: return false
      }
    }
    return true
  }

  /// The character a reference at `index` (`&amp;`, `&#38;`, `&#x26;`) stands for, and the
  /// index past its `;`.
  private static func reference(_ raw: UnsafeBufferPointer<UInt8>, at index: Int)
    -> (Unicode.Scalar, Int)?
  {
    guard let semicolon = find(Ascii.semicolon, in: raw, from: index + 1),
      semicolon - index <= 12
    else { return nil }
    let body = raw[index + 1..<semicolon]
    guard let first = body.first else { return nil }
    if first != UInt8(ascii: "#") {
      switch String(decoding: body, as: UTF8.self) {
      case "lt": return ("<", semicolon + 1)
      case "gt": return (">", semicolon + 1)
      case "amp": return ("&", semicolon + 1)
      case "quot": return ("\"", semicolon + 1)
      case "apos": return ("'", semicolon + 1)
      default: return nil
      }
    }
    var digits = body.dropFirst()
    var radix: UInt32 = 10
    if digits.first == UInt8(ascii: "x") {
      radix = 16
      digits = digits.dropFirst()
    }
    guard !digits.isEmpty else { return nil }
    var code: UInt32 = 0
    for digit in digits {
      let value: UInt32
      switch digit {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(digit - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16:
        value = UInt32(digit - UInt8(ascii: "a")) + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16:
        value = UInt32(digit - UInt8(ascii: "A")) + 10
      default: return nil
      }
      code = code * radix + value
      guard code <= 0x10FFFF else { return nil }
    }
    // XML's Char production: tab, line feed, carriage return, and the rest of Unicode but the
    // other controls, surrogates, U+FFFE and U+FFFF.
    let allowed =
      code == 0x09 || code == 0x0A || code == 0x0D || (0x20...0xD7FF).contains(code)
      || (0xE000...0xFFFD).contains(code) || (0x10000...0x10FFFF).contains(code)
    guard allowed, let scalar = Unicode.Scalar(code) else { return nil }
    return (scalar, semicolon + 1)
  }

  /// The length of the well-formed UTF-8 sequence of an XML character at `index`, or nil.
  private static func utf8Length(_ raw: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
    let lead = raw[index]
    func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
      index + offset < raw.count && range.contains(raw[index + offset])
    }
    switch lead {
    case 0xC2...0xDF:
      return continuation(1) ? 2 : nil
    case 0xE0:
      return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : nil
    case 0xED:  // no surrogates
      return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : nil
    case 0xEF:  // no U+FFFE or U+FFFF
      guard continuation(1), continuation(2) else { return nil }
      return raw[index + 1] == 0xBF && raw[index + 2] >= 0xBE ? nil : 3
    case 0xE1...0xEE:
      return continuation(1) && continuation(2) ? 3 : nil
    case 0xF0:
      return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : nil
    case 0xF1...0xF3:
      return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
    case 0xF4:
      return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : nil
    default:
      return nil
    }
  }

  // MARK: - Bytes

  private enum Ascii {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let quote = UInt8(ascii: "\"")
    static let ampersand = UInt8(ascii: "&")
    static let apostrophe = UInt8(ascii: "'")
    static let slash = UInt8(ascii: "/")
    static let semicolon = UInt8(ascii: ";")
    static let less = UInt8(ascii: "<")
    static let equals = UInt8(ascii: "=")
    static let greater = UInt8(ascii: ">")
  }

  /// The length of the name at `index`: an ASCII letter or `_`, then letters, digits, `.`, `-`
  /// and `_`, not starting with `xml` (reserved: `xmlns` declares a namespace). Nil when there
  /// is none, or when it goes on with a byte this parser leaves to libxml2 (`:`, non-ASCII).
  private static func name(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
    guard index < bytes.count else { return nil }
    let first = bytes[index] | 0x20
    guard (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")) || bytes[index] == 0x5F
    else { return nil }
    var end = index + 1
    while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
    guard end < bytes.count, bytes[end] < 0x80, bytes[end] != UInt8(ascii: ":") else {
      return nil
    }
    if end - index >= 3, first == UInt8(ascii: "x"), bytes[index + 1] | 0x20 == UInt8(ascii: "m"),
      bytes[index + 2] | 0x20 == UInt8(ascii: "l")
    {
      return nil
    }
    return end - index
  }

  private static func isNameByte(_ byte: UInt8) -> Bool {
    let letter = byte | 0x20
    return (letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "z"))
      || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
      || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
  }

  private static func skipSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) {
    while index < bytes.count, isSpace(bytes[index]) { index += 1 }
  }

  private static func equal(
    _ bytes: UnsafeBufferPointer<UInt8>, _ first: Int, _ second: Int, count: Int
  ) -> Bool {
    guard let base = bytes.baseAddress else { return count == 0 }
    return memcmp(base + first, base + second, count) == 0
  }

  private static func starts(
    _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, with text: StaticString
  ) -> Bool {
    let count = text.utf8CodeUnitCount
    guard index + count <= bytes.count, let base = bytes.baseAddress else { return false }
    return memcmp(base + index, text.utf8Start, count) == 0
  }

  /// The first `byte` at or after `start`.
  private static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int)
    -> Int?
  {
    guard start < bytes.count, let base = bytes.baseAddress,
      let found = memchr(base + start, Int32(byte), bytes.count - start)
    else { return nil }
    return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
  }

  /// The index past an XML declaration of the plain form at the start, `<?xml version="1.0"`
  /// with an optional `encoding` of UTF-8 and an optional `standalone`, or nil.
  private static func declarationEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = 5  // past "<?xml"
    /// Reads ` name = "value"` and gives the value's bytes as a string.
    func pseudoAttribute(_ name: StaticString) -> String? {
      var next = index
      guard next < bytes.count, isSpace(bytes[next]) else { return nil }
      skipSpace(bytes, &next)
      guard starts(bytes, at: next, with: name) else { return nil }
      next += name.utf8CodeUnitCount
      skipSpace(bytes, &next)
      guard next < bytes.count, bytes[next] == Ascii.equals else { return nil }
      next += 1
      skipSpace(bytes, &next)
      guard next < bytes.count, bytes[next] == Ascii.quote || bytes[next] == Ascii.apostrophe,
        let close = find(bytes[next], in: bytes, from: next + 1), close - next <= 16
      else { return nil }
      let value = String(decoding: bytes[next + 1..<close], as: UTF8.self)
      index = close + 1
      return value
    }
    guard pseudoAttribute("version") == "1.0" else { return nil }
    if let encoding = pseudoAttribute("encoding"), encoding.lowercased() != "utf-8" {
      return nil
    }
    if let standalone = pseudoAttribute("standalone"), standalone != "yes", standalone != "no" {
      return nil
    }
    skipSpace(bytes, &index)
    guard starts(bytes, at: index, with: "?>") else { return nil }
    return index + 2
  }
}
