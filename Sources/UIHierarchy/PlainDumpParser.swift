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
/// Each attribute is read against what was read before: its name is first compared with the
/// one at the same position of the last start tag, and its value with the last value of that
/// name (most repeat: `false`, the package, a class). On a match the stored value bytes, the
/// string of a typed field and the bounds read then are reused, and no string is made. A typed
/// field's value that is new to the tree comes from a ``StringInterner`` kept from parse to parse
/// (with the parser's other working arrays, in a small pool shared by the threads that parse), so
/// a class name or resource-id read in an earlier dump allocates nothing either.
struct PlainDumpParser {
  private var builder: HierarchyBuilder
  /// What is known of each distinct attribute name, by its number
  /// (``HierarchyBuilder/number(ofName:)``).
  private var names: [Name] = []
  /// The name's number read at each attribute position of the last start tag.
  private var namesByPosition: [Int] = []
  private var tagCount = 0
  /// The number of attributes of the last start tag.
  private var lastTagAttributeCount = 0
  /// True while every attribute of the tag being read had the name read at its position of
  /// the last tag: those names are distinct, so no repeat needs looking for.
  private var tagAsBefore = true
  /// A decoded value (entities and references resolved, white space normalized).
  private var decoded: [UInt8] = []
  /// Where each open element's name lies, to match its end tag.
  private var openElements: [(start: Int, count: Int)] = []
  /// The strings of typed fields' values, while a parse borrows them.
  private var interner: StringInterner?
  /// The distinct attribute names of the last parse, in the order it first read them.
  private var namesSeenBefore: [NameSeenBefore] = []
  /// The last element name read: its place in the input and its string.
  private var elementNameStart = 0
  private var elementNameCount = -1
  private var elementName = ""

  /// libxml2's own nesting limit without `XML_PARSE_HUGE`; deeper trees are left to it.
  private static let deepestRead = 256

  /// One distinct attribute name: where it was first read, what it stands for, and the value
  /// last read for it.
  private struct Name {
    var start: Int
    var count: Int
    var known: UINode.Known
    var isBounds: Bool
    /// The start tag it was last read on: a repeated attribute is found in constant time.
    var lastTag = 0
    /// The last value's quote and raw bytes in the input (before decoding), and what they
    /// gave: the decoded bytes in the builder's values, whether they are `true`, the bounds.
    var quote: UInt8 = 0
    var rawStart = 0
    var rawCount = -1
    var valueStart = 0
    var valueCount = 0
    var isTrue = false
    var bounds: Bounds?
    /// For a typed field (text, class…), the index of the last value's string in the tree's
    /// strings (``HierarchyBuilder/addString(_:)``).
    var string: UInt32 = 0
  }

  /// The working arrays and the interned strings one parse leaves for the next.
  private struct Scratch {
    var names: [Name] = []
    var namesByPosition: [Int] = []
    var decoded: [UInt8] = []
    var openElements: [(start: Int, count: Int)] = []
    var namesSeenBefore: [NameSeenBefore] = []
    var interner = StringInterner()

    /// False when a hostile document grew an array past what a dump needs: not kept.
    var isSmall: Bool {
      names.capacity <= 1024 && namesByPosition.capacity <= 1024 && decoded.capacity <= 1 << 16
        && openElements.capacity <= 1024
    }
  }

  /// Scratch not in use, at most ``Pool/kept`` (each holds at most a few hundred kilobytes:
  /// ``StringInterner`` is bounded, and larger arrays are dropped).
  private final class Pool: @unchecked Sendable {
    static let kept = 32
    // Guarded by `lock`. A scratch is only used by the parse that took it.
    private let lock = NSLock()
    private var idle: [Scratch] = []

    func take() -> Scratch { lock.withLock { idle.popLast() } ?? Scratch() }

    func give(_ scratch: Scratch) {
      lock.withLock { if idle.count < Self.kept { idle.append(scratch) } }
    }
  }

  private static let pool = Pool()

  init(limits: HierarchyLimits) {
    builder = HierarchyBuilder(limits: limits)
  }

  /// The tree of `document` (the bytes from its first `<` to the end of its root element), or
  /// nil when the document holds anything this parser leaves to libxml2.
  mutating func tree(of document: UnsafeRawBufferPointer, source: String) -> UITree? {
    let bytes = document.bindMemory(to: UInt8.self)
    builder.reserveCapacity(documentBytes: bytes.count)
    borrowScratch()
    defer { returnScratch() }
    guard !bytes.isEmpty, readDocument(bytes) else { return nil }
    return try? builder.tree(source: source)
  }

  private mutating func borrowScratch() {
    let scratch = Self.pool.take()
    names = scratch.names
    namesByPosition = scratch.namesByPosition
    decoded = scratch.decoded
    openElements = scratch.openElements
    namesSeenBefore = scratch.namesSeenBefore
    interner = scratch.interner
  }

  /// Gives the working arrays, emptied, and the interner back to the pool.
  private mutating func returnScratch() {
    guard let interner else { return }
    var scratch = Scratch(interner: interner)
    self.interner = nil
    swap(&scratch.names, &names)
    swap(&scratch.namesByPosition, &namesByPosition)
    swap(&scratch.decoded, &decoded)
    swap(&scratch.openElements, &openElements)
    swap(&scratch.namesSeenBefore, &namesSeenBefore)
    scratch.names.removeAll(keepingCapacity: true)
    scratch.namesByPosition.removeAll(keepingCapacity: true)
    scratch.openElements.removeAll(keepingCapacity: true)
    guard scratch.isSmall else {
      Self.pool.give(Scratch(interner: interner))
      return
    }
    Self.pool.give(scratch)
  }

  // MARK: - Document and elements

  private mutating func readDocument(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var position = 0
    if Self.starts(bytes, at: 0, with: "<?xml") {
      guard let end = Self.declarationEnd(bytes) else { return false }
      position = end
    }
    Self.skipSpace(bytes, &position)
    // Taken out while in use, so it is changed in place.
    var open = openElements
    openElements = []
    defer { openElements = open }
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
    tagAsBefore = true
    var attributeCount = 0
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
      guard spaced, attributeCount < builder.limits.maximumAttributes,
        let (end, number) = attribute(bytes, at: index, position: attributeCount)
      else { return nil }
      index = end
      attributeCount += 1
      // Field by field: no copy of the whole record.
      builder.addAttribute(
        name: number, valueStart: names[number].valueStart,
        valueCount: names[number].valueCount)
      let known = names[number].known
      if known == .other {
        if names[number].isBounds { bounds = names[number].bounds }
      } else if known.isString {
        indexed.add(known, string: names[number].string, isTrue: false)
      } else {
        indexed.add(known, string: 0, isTrue: names[number].isTrue)
      }
    }
    lastTagAttributeCount = attributeCount
    builder.open(elementName: elementName, bounds: bounds, indexed: indexed)
    return (index, (nameStart, nameCount), selfClosing)
  }

  /// Reads the attribute at `index`, the `position`th of its tag: the index past its closing
  /// quote, and its name's number.
  @inline(__always)
  private mutating func attribute(
    _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, position: Int
  ) -> (end: Int, number: Int)? {
    guard let base = bytes.baseAddress else { return nil }
    // The name: most often the one read at this position of the last tag, followed by `=`.
    var number = -1
    if position < namesByPosition.count {
      let expected = namesByPosition[position]
      let count = names[expected].count
      if index + count < bytes.count, bytes[index + count] == Ascii.equals,
        Self.same(base, index, names[expected].start, count: count)
      {
        number = expected
      }
    }
    let asBefore = number >= 0 && position < lastTagAttributeCount
    if number < 0 {
      guard let found = nameNumber(bytes, at: index) else { return nil }
      number = found
      if position < namesByPosition.count {
        namesByPosition[position] = number
      } else {
        namesByPosition.append(number)
      }
    }
    if tagAsBefore, !asBefore {
      // From here on repeats are looked for: mark the names read so far.
      tagAsBefore = false
      for earlier in namesByPosition[..<position] { names[earlier].lastTag = tagCount }
    }
    if !tagAsBefore {
      // The same name twice on one element is not well-formed.
      guard names[number].lastTag != tagCount else { return nil }
      names[number].lastTag = tagCount
    }
    var next = index + names[number].count
    Self.skipSpace(bytes, &next)
    guard next < bytes.count, bytes[next] == Ascii.equals else { return nil }
    next += 1
    Self.skipSpace(bytes, &next)
    guard next < bytes.count, bytes[next] == Ascii.quote || bytes[next] == Ascii.apostrophe
    else { return nil }
    let quote = bytes[next]
    let valueStart = next + 1
    // The last value of this name again: its raw bytes (which hold no `quote`) and then `quote`.
    let rawCount = names[number].rawCount
    if names[number].quote == quote, rawCount >= 0, valueStart + rawCount < bytes.count,
      bytes[valueStart + rawCount] == quote,
      Self.same(base, valueStart, names[number].rawStart, count: rawCount)
    {
      return (valueStart + rawCount + 1, number)
    }
    guard let close = Self.find(quote, in: bytes, from: valueStart),
      value(bytes, from: valueStart, to: close, number: number)
    else { return nil }
    names[number].quote = quote
    return (close + 1, number)
  }

  /// The number of the attribute name at `index`, a new one when the name was not read before.
  private mutating func nameNumber(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
    guard let base = bytes.baseAddress, let count = Self.name(bytes, at: index) else {
      return nil
    }
    for number in names.indices
    where names[number].count == count && Self.same(base, index, names[number].start, count: count)
    {
      return number
    }
    // Dumps write their attribute names in the same order: the name new at this point of the
    // last parse is most often this one.
    let position = names.count
    let read = UnsafeBufferPointer(rebasing: bytes[index..<index + count])
    let named: NameSeenBefore
    if position < namesSeenBefore.count,
      HierarchyBuilder.holds(namesSeenBefore[position].name, read)
    {
      named = namesSeenBefore[position]
    } else {
      let name =
        Self.commonNames.first { common in
          var common = common
          return common.withUTF8 {
            guard let commonBytes = $0.baseAddress, $0.count == count else { return false }
            return Self.same(commonBytes, base + index, count: count)
          }
        } ?? String(decoding: read, as: UTF8.self)
      named = NameSeenBefore(
        name: name, known: UINode.Known(name: name), isBounds: name == "bounds")
      if count <= Self.longestNameKept {
        if position < namesSeenBefore.count {
          namesSeenBefore[position] = named
        } else if position == namesSeenBefore.count, position < Self.namesKept {
          namesSeenBefore.append(named)
        }
      }
    }
    names.append(Name(start: index, count: count, known: named.known, isBounds: named.isBounds))
    return builder.addName(named.name)
  }

  /// A name as the last parse read it first at some position: its string and what it stands for.
  private struct NameSeenBefore {
    var name: String
    var known: UINode.Known
    var isBounds: Bool
  }

  /// At most this many names, of at most ``longestNameKept`` bytes, are kept from parse to
  /// parse.
  private static let namesKept = 256
  private static let longestNameKept = 64

  /// The attribute names uiautomator writes, as literals: a name read is one of these strings
  /// (which need no memory of their own) when it can be.
  private static let commonNames = [
    "index", "text", "resource-id", "class", "package", "content-desc", "checkable", "checked",
    "clickable", "enabled", "focusable", "focused", "scrollable", "long-clickable", "password",
    "selected", "bounds", "NAF", "visible-to-user", "drawing-order", "hint", "display-id",
    "rotation", "displayed", "a11y-important", "screen-reader-focusable", "input-type",
    "important-for-accessibility", "width", "height",
  ]

  /// Decodes the value between `start` and `end` as the last value of name `number`; false
  /// when it holds anything left to libxml2.
  private mutating func value(
    _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, number: Int
  ) -> Bool {
    let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
    var plain = true
    for byte in raw
    where byte < 0x20 || byte >= 0x80 || byte == Ascii.ampersand || byte == Ascii.less {
      plain = false
      break
    }
    if plain {
      store(raw, number: number)
    } else {
      guard decode(raw) else { return false }
      decoded.withUnsafeBufferPointer { store($0, number: number) }
    }
    names[number].rawStart = start
    names[number].rawCount = end - start
    return true
  }

  /// Sets name `number`'s value from its decoded UTF-8: stored in the builder, and for a typed
  /// field a string (an interned one when the same bytes were read before).
  private mutating func store(_ value: UnsafeBufferPointer<UInt8>, number: Int) {
    names[number].valueStart = builder.addValue(value)
    names[number].valueCount = value.count
    if names[number].known.isString {
      names[number].string =
        value.isEmpty
        ? 0
        : builder.addString(interner?.string(value) ?? String(decoding: value, as: UTF8.self))
    }
    names[number].isTrue =
      value.count == 4 && value[0] == UInt8(ascii: "t") && value[1] == UInt8(ascii: "r")
      && value[2] == UInt8(ascii: "u") && value[3] == UInt8(ascii: "e")
    if names[number].isBounds {
      names[number].bounds = Bounds(parsingUTF8: UnsafeRawBufferPointer(value))
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
    return same(base, first, second, count: count)
  }

  /// True when the `count` bytes at `first` and at `second` are equal (both inside the input):
  /// eight at a time, inline, as most runs compared are short.
  @inline(__always)
  private static func same(
    _ base: UnsafePointer<UInt8>, _ first: Int, _ second: Int, count: Int
  ) -> Bool {
    same(base + first, base + second, count: count)
  }

  /// True when the `count` bytes at `first` and at `second` are equal.
  @inline(__always)
  private static func same(
    _ first: UnsafePointer<UInt8>, _ second: UnsafePointer<UInt8>, count: Int
  ) -> Bool {
    let firstRaw = UnsafeRawPointer(first)
    let secondRaw = UnsafeRawPointer(second)
    var offset = 0
    while offset + 8 <= count {
      guard
        firstRaw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
          == secondRaw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      else { return false }
      offset += 8
    }
    while offset < count {
      guard first[offset] == second[offset] else { return false }
      offset += 1
    }
    return true
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
