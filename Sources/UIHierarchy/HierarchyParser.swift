internal import CLibXML2
import Foundation
import Geometry

/// Called once, lazily and thread-safely, before the first parse.
private let libxml2Initialized: Bool = {
  xmlInitParser()
  return true
}()

extension UITree {
  /// Parses a uiautomator dump (`uiautomator dump`, uiautomator2 `dump_hierarchy`, or
  /// uiautomator2/Appium page source with class-named elements).
  ///
  /// Leading noise before the XML (vendor exceptions, `Killed`) and the trailing
  /// `UI hierchary dumped to: …` line are tolerated. UTF-8 (with or without a byte-order mark)
  /// and UTF-16 (little- or big-endian, with a byte-order mark or an `<?xml` declaration) are
  /// read.
  /// - Parameters:
  ///   - bytes: the file's bytes.
  ///   - source: the file name, used in errors.
  ///   - limits: the largest depth, node count and attributes an element accepted.
  /// - Throws: ``UIHierarchyError`` naming `source` and the reason.
  /// - Complexity: O(n) in the size of the dump.
  public init(parsing bytes: [UInt8], source: String, limits: HierarchyLimits = .standard) throws {
    self = try bytes.withUnsafeBytes {
      try HierarchyParser.parse($0, source: source, limits: limits)
    }
  }

  /// Parses a dump held in `Data`.
  public init(parsing data: Data, source: String, limits: HierarchyLimits = .standard) throws {
    self = try data.withUnsafeBytes {
      try HierarchyParser.parse($0, source: source, limits: limits)
    }
  }

  /// Reads and parses a dump file.
  /// - Throws: ``UIHierarchyError`` (`.unreadable` when the file cannot be read).
  public init(contentsOf path: String, limits: HierarchyLimits = .standard) throws {
    try self.init(parsing: try DumpFile.contents(path), source: path, limits: limits)
  }
}

/// Bytes → ``UITree``: plain UTF-8 uiautomator dumps are read by ``PlainDumpParser``; anything
/// it does not fully understand (UTF-16, a DOCTYPE, comments, unusual entities, malformed input,
/// a dump over a limit) goes to libxml2 (SAX2), whose verdicts and messages users see. C stays
/// in this file.
enum HierarchyParser {
  /// Bytes handed to libxml2 at a time: a limit stops the parse within one chunk of the point
  /// where it was exceeded, and no count passed to C exceeds `Int32`.
  private static let chunkSize = 1 << 20

  /// Which parsers may read a dump.
  enum Route {
    /// ``PlainDumpParser`` first, libxml2 when it declines.
    case plainFirst
    /// libxml2 alone (the reference the plain parser is tested against).
    case libxml2
  }

  static func parse(
    _ raw: UnsafeRawBufferPointer, source: String, limits: HierarchyLimits,
    route: Route = .plainFirst
  ) throws -> UITree {
    if let utf16 = UTF16Dump(raw) {
      // libxml2 is given UTF-8 and told to ignore the declared encoding.
      var utf8 = Array(utf16.transcoded(raw).utf8)
      return try utf8.withUnsafeMutableBytes {
        try parseUTF8(
          UnsafeRawBufferPointer($0), source: source, limits: limits, transcoded: true,
          route: .libxml2)
      }
    }
    return try parseUTF8(raw, source: source, limits: limits, transcoded: false, route: route)
  }

  /// The plain parser's tree, or nil when it hands the dump to libxml2 (errors found before
  /// either parser runs, such as an empty file, are thrown).
  static func plainTree(
    _ raw: UnsafeRawBufferPointer, source: String, limits: HierarchyLimits
  ) throws -> UITree? {
    if UTF16Dump(raw) != nil { return nil }
    let range = try documentRange(raw.bindMemory(to: UInt8.self), source: source)
    var parser = PlainDumpParser(limits: limits)
    return parser.tree(of: UnsafeRawBufferPointer(rebasing: raw[range]), source: source)
  }

  private static func parseUTF8(
    _ raw: UnsafeRawBufferPointer, source: String, limits: HierarchyLimits, transcoded: Bool,
    route: Route
  ) throws -> UITree {
    let bytes = raw.bindMemory(to: UInt8.self)
    let range = try documentRange(bytes, source: source)
    let slice = UnsafeRawBufferPointer(rebasing: raw[range])
    if route == .plainFirst {
      var parser = PlainDumpParser(limits: limits)
      if let tree = parser.tree(of: slice, source: source) { return tree }
    }
    return try parseWithLibXML2(slice, source: source, limits: limits, transcoded: transcoded)
  }

  private static func parseWithLibXML2(
    _ slice: UnsafeRawBufferPointer, source: String, limits: HierarchyLimits, transcoded: Bool
  ) throws -> UITree {
    _ = libxml2Initialized
    if let line = AttributeCounter.firstElement(
      in: slice, withMoreThan: limits.maximumAttributes)
    {
      throw UIHierarchyError(
        source: source,
        reason: .overLimit(.attributes, limit: limits.maximumAttributes, line: line))
    }
    let state = ParseState(source: source, limits: limits)
    state.builder.reserveCapacity(documentBytes: slice.count)
    var handler = xmlSAXHandler()
    handler.initialized = XML_SAX2_MAGIC
    handler.startElementNs = { context, localname, _, _, _, _, attributeCount, _, attributes in
      let state = Unmanaged<ParseState>.fromOpaque(context!).takeUnretainedValue()
      state.start(localname!, attributeCount: Int(attributeCount), attributes: attributes)
    }
    handler.endElementNs = { context, _, _, _ in
      Unmanaged<ParseState>.fromOpaque(context!).takeUnretainedValue().end()
    }
    // Errors are read from the context after the parse; nothing is printed.
    handler.serror = { _, _ in }
    let context = Unmanaged.passUnretained(state).toOpaque()
    guard let parser = xmlCreatePushParserCtxt(&handler, context, nil, 0, nil) else {
      throw UIHierarchyError(source: source, reason: .unreadable("libxml2 could not start"))
    }
    defer { xmlFreeParserCtxt(parser) }
    state.parser = parser
    var options = XML_PARSE_NOENT.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue
    if transcoded { options |= XML_PARSE_IGNORE_ENC.rawValue }
    xmlCtxtUseOptions(parser, Int32(options))
    var status: Int32 = 0
    var offset = 0
    repeat {
      let end = min(slice.count, offset + chunkSize)
      let chunk = UnsafeRawBufferPointer(rebasing: slice[offset..<end])
      // Both are at most `chunkSize`, far inside Int32.
      status = chunk.withMemoryRebound(to: CChar.self) {
        xmlParseChunk(parser, $0.baseAddress, Int32($0.count), end == slice.count ? 1 : 0)
      }
      offset = end
    } while status == 0 && state.exceeded == nil && offset < slice.count
    if let (kind, line) = state.exceeded {
      let limit: Int
      switch kind {
      case .depth: limit = limits.maximumDepth
      case .nodes: limit = limits.maximumNodes
      case .attributes: limit = limits.maximumAttributes
      }
      throw UIHierarchyError(source: source, reason: .overLimit(kind, limit: limit, line: line))
    }
    if status != 0 || parser.pointee.wellFormed == 0 {
      throw error(from: parser.pointee.lastError, source: source, end: endPosition(slice))
    }
    return try state.tree()
  }

  /// The part of the file that holds the XML document, or the typed reason there is none.
  private static func documentRange(
    _ bytes: UnsafeBufferPointer<UInt8>, source: String
  ) throws -> Range<Int> {
    var start = 0
    while start < bytes.count, isSpace(bytes[start]) { start += 1 }
    guard start < bytes.count else {
      throw UIHierarchyError(source: source, reason: .empty)
    }
    // Byte-order mark.
    if bytes.count - start >= 3, bytes[start] == 0xEF, bytes[start + 1] == 0xBB,
      bytes[start + 2] == 0xBF
    {
      start += 3
    }
    let head = String(decoding: bytes[start..<min(bytes.count, start + 512)], as: UTF8.self)
    if head.hasPrefix("ERROR:") || head.hasPrefix("ERROR ") {
      let line = head.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? head
      throw UIHierarchyError(
        source: source, reason: .dumpFailed(line.trimmingCharacters(in: .whitespacesAndNewlines)))
    }
    if head.first == "{" || head.first == "[" {
      throw UIHierarchyError(source: source, reason: .json)
    }
    let lowered = head.lowercased()
    if lowered.hasPrefix("<!doctype html") || lowered.hasPrefix("<html") {
      throw UIHierarchyError(source: source, reason: .html)
    }
    // Skip noise printed before the document (vendor exceptions, "Killed").
    if bytes[start] != UInt8(ascii: "<") {
      guard
        let found = firstOccurrence(of: "<?xml", in: bytes, from: start)
          ?? firstOccurrence(of: "<hierarchy", in: bytes, from: start)
      else {
        throw UIHierarchyError(source: source, reason: .notAHierarchy("no XML markup found"))
      }
      start = found
    }
    // Drop anything after the closing </hierarchy> ("UI hierchary dumped to: …").
    var end = bytes.count
    if let close = lastOccurrence(of: "</hierarchy>", in: bytes) {
      end = close + "</hierarchy>".utf8.count
    }
    return start..<end
  }

  private static func error(
    from last: xmlError, source: String, end: (line: Int, column: Int)
  ) -> UIHierarchyError {
    let message =
      last.message.map { String(cString: $0) }?
      .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown libxml2 error"
    let line = Int(last.line)
    let column = Int(last.int2)
    let code = Int(last.code)
    // XML_ERR_TAG_NOT_FINISHED (77), libxml2's "Premature end", or any other error raised at the
    // very end of the input: the document stops early.
    let atEnd = line > end.line || (line == end.line && column >= end.column - 1)
    let endsEarly = code == 77 || message.hasPrefix("Premature end") || atEnd
    if code == 4 {  // XML_ERR_DOCUMENT_EMPTY
      return UIHierarchyError(source: source, reason: .empty)
    }
    if code == 5 {  // XML_ERR_DOCUMENT_END: "Extra content at the end of the document"
      return UIHierarchyError(source: source, reason: .extraContent(line: line, column: column))
    }
    if endsEarly {
      return UIHierarchyError(source: source, reason: .truncated(line: line, column: column))
    }
    return UIHierarchyError(
      source: source, reason: .malformed(message: message, line: line, column: column))
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
  }

  /// The line and column (1-based, in characters as libxml2 counts them) just past the input.
  private static func endPosition(_ bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    for byte in bytes {
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {  // UTF-8 continuation bytes do not start a character
        column += 1
      }
    }
    return (line, column)
  }

  private static func firstOccurrence(
    of needle: String, in bytes: UnsafeBufferPointer<UInt8>, from start: Int
  ) -> Int? {
    let pattern = Array(needle.utf8)
    guard bytes.count >= pattern.count else { return nil }
    var index = start
    while index <= bytes.count - pattern.count {
      if bytes[index] == pattern[0],
        zip(pattern.indices, pattern).allSatisfy({
          bytes[index + $0] == $1
        })
      {
        return index
      }
      index += 1
    }
    return nil
  }

  private static func lastOccurrence(
    of needle: String, in bytes: UnsafeBufferPointer<UInt8>
  ) -> Int? {
    let pattern = Array(needle.utf8)
    guard bytes.count >= pattern.count else { return nil }
    var index = bytes.count - pattern.count
    // Only the tail matters: the closing tag sits near the end.
    let limit = max(0, bytes.count - 4096)
    while index >= limit {
      if bytes[index] == pattern[0],
        zip(pattern.indices, pattern).allSatisfy({
          bytes[index + $0] == $1
        })
      {
        return index
      }
      index -= 1
    }
    return nil
  }
}

/// What the SAX callbacks build: the tree under construction and the attributes last read.
private final class ParseState {
  let source: String
  /// The parser, stopped when a limit is exceeded.
  var parser: xmlParserCtxtPtr?
  /// The limit exceeded and the line where, once one is.
  var exceeded: (HierarchyLimits.Kind, line: Int)?
  var builder: HierarchyBuilder
  /// libxml2 interns element and attribute names in its dictionary, so equal names share one
  /// pointer: cache their Swift strings by address.
  var names: [UnsafeRawPointer: String] = [:]
  /// The attribute last read at each position of a start tag.
  var slots: [AttributeSlot] = []

  /// What was read at one attribute position of the last start tag. Dumps write the same
  /// attributes in the same order on every node, and most values repeat (`false`, the package,
  /// a class), so a pointer compare and a byte compare usually stand in for a name lookup and
  /// a string decode (and equal values share one string's storage).
  struct AttributeSlot {
    var name: UnsafeRawPointer?
    var number = 0
    var known = UINode.Known.other
    var isBounds = false
    /// The value last read here: its bytes in the builder's values, and for a typed field its
    /// string and that string's index in the builder's strings.
    var valueStart = 0
    var valueCount = -1
    var value = ""
    var string: UInt32 = 0
  }

  init(source: String, limits: HierarchyLimits) {
    self.source = source
    self.builder = HierarchyBuilder(limits: limits)
  }

  /// Records the limit exceeded and stops the parser: no more callbacks come.
  private func stop(_ kind: HierarchyLimits.Kind) {
    guard exceeded == nil else { return }
    exceeded = (kind, Int(parser.map { xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0)) } ?? 0))
    if let parser { xmlStopParser(parser) }
  }

  func name(_ pointer: UnsafePointer<xmlChar>) -> String {
    let key = UnsafeRawPointer(pointer)
    if let known = names[key] { return known }
    let string = String(cString: pointer)
    names[key] = string
    return string
  }

  func start(
    _ localname: UnsafePointer<xmlChar>, attributeCount: Int,
    attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
  ) {
    guard exceeded == nil else { return }
    if let kind = builder.limitExceeded(openingWith: attributeCount) { return stop(kind) }
    let elementName = name(localname)
    var bounds: Bounds?
    var indexed = UINode.IndexedAttributes()
    if let attributes {
      // Taken out while in use, so it is changed in place.
      var slots = self.slots
      self.slots = []
      defer { self.slots = slots }
      if slots.count < attributeCount {
        slots.append(
          contentsOf: repeatElement(AttributeSlot(), count: attributeCount - slots.count))
      }
      for position in 0..<attributeCount {
        // Five pointers per attribute: localname, prefix, URI, value start, value end.
        let base = position * 5
        guard let attributeName = attributes[base], let value = attributes[base + 3],
          let end = attributes[base + 4]
        else { continue }
        let buffer = UnsafeBufferPointer(start: value, count: end - value)
        if slots[position].name != UnsafeRawPointer(attributeName) {
          let key = name(attributeName)
          slots[position] = AttributeSlot(
            name: UnsafeRawPointer(attributeName), number: builder.number(ofName: key),
            known: UINode.Known(name: key), isBounds: key == "bounds",
            value: slots[position].value, string: slots[position].string)
        }
        if slots[position].isBounds {
          bounds = Bounds(parsingUTF8: UnsafeRawBufferPointer(buffer))
        }
        let stored = builder.values.withUnsafeBufferPointer {
          slots[position].valueCount == buffer.count
            && UnsafeBufferPointer(
              rebasing: $0[
                slots[position].valueStart..<slots[position].valueStart + buffer.count]
            ).elementsEqual(buffer)
        }
        if !stored {
          slots[position].valueStart = builder.addValue(buffer)
          slots[position].valueCount = buffer.count
        }
        builder.addAttribute(
          name: slots[position].number, valueStart: slots[position].valueStart,
          valueCount: buffer.count)
        let known = slots[position].known
        if known.isString, !HierarchyBuilder.holds(slots[position].value, buffer) {
          slots[position].value = String(decoding: buffer, as: UTF8.self)
          slots[position].string = builder.addString(slots[position].value)
        }
        let isTrue =
          buffer.count == 4 && buffer[0] == UInt8(ascii: "t") && buffer[1] == UInt8(ascii: "r")
          && buffer[2] == UInt8(ascii: "u") && buffer[3] == UInt8(ascii: "e")
        indexed.add(known, string: known.isString ? slots[position].string : 0, isTrue: isTrue)
      }
    }
    builder.open(elementName: elementName, bounds: bounds, indexed: indexed)
  }

  func end() {
    guard exceeded == nil else { return }
    builder.close()
  }

  func tree() throws -> UITree { try builder.tree(source: source) }
}
