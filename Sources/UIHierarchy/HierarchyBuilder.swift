import Foundation
import Geometry

/// The flat node list a parse builds element by element, shared by both parsers (libxml2's
/// callbacks and ``PlainDumpParser``), so both give the same tree and the same shape checks.
///
/// A parser adds each attribute of a start tag (``addAttribute(name:valueStart:valueCount:)``,
/// its name from ``number(ofName:)``, its value's bytes from ``addValue(_:)`` or bytes added
/// before, a typed field's string from ``addString(_:)`` or a string added before), then opens
/// the element. The attributes, strings and children lists go into one ``AttributeTable`` for
/// the tree.
struct HierarchyBuilder {
  let limits: HierarchyLimits
  private(set) var nodes: [UINode] = []
  /// The tree's attribute table under construction.
  private(set) var names: [String] = []
  private var nameNumbers: [String: Int] = [:]
  private(set) var values: [UInt8] = []
  private var entries: [AttributeTable.Entry] = []
  /// The typed fields' strings; the first is empty.
  private var strings = [""]
  /// The last element name given a string of its own as a class name, and its index.
  private var classElementName = ""
  private var classElementString: UInt32 = 0
  /// The first entry of the start tag being read.
  private var tagStart = 0
  private var windows: [Int] = []
  private var stack: [Int] = []
  private var rootName: String?
  private var rotation: Int?
  /// Elements open now, the root (`<hierarchy>` or a bare node) included.
  private(set) var depth = 0

  init(limits: HierarchyLimits) {
    self.limits = limits
  }

  /// Reserves room for the nodes and attributes of a document of `count` bytes, as a
  /// uiautomator dump holds them (about 400 bytes a node, 22 an attribute), so that most parses
  /// grow no array and a tree keeps little spare room. Past a few megabytes (a hostile
  /// document) the arrays grow as they fill.
  mutating func reserveCapacity(documentBytes count: Int) {
    let bytes = min(count, 1 << 22)
    nodes.reserveCapacity(bytes / 300 + 4)
    entries.reserveCapacity(bytes / 20 + 16)
    values.reserveCapacity(bytes / 4 + 64)
    strings.reserveCapacity(bytes / 300 + 16)
    names.reserveCapacity(32)
    stack.reserveCapacity(64)
  }

  /// The number of an attribute name in the tree's table (the same for every use of the name);
  /// not to be mixed with ``addName(_:)`` in one parse.
  mutating func number(ofName name: String) -> Int {
    if let number = nameNumbers[name] { return number }
    let number = names.count
    names.append(name)
    nameNumbers[name] = number
    return number
  }

  /// Adds a name not added before (a parser that tells names apart itself): its number.
  mutating func addName(_ name: String) -> Int {
    names.append(name)
    return names.count - 1
  }

  /// Stores a decoded value's UTF-8 bytes: where they start in ``values``.
  mutating func addValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let start = values.count
    values.append(contentsOf: bytes)
    return start
  }

  /// Stores a typed field's string (text, class…): its index for ``UINode/IndexedAttributes``
  /// (parsers give a value read again the index given before).
  mutating func addString(_ string: String) -> UInt32 {
    // At most one string per attribute read (and one per element name): past 2^32 of them a
    // document would be tens of gigabytes, far over any dump read whole into memory.
    let index = UInt32(truncatingIfNeeded: strings.count)
    strings.append(string)
    return index
  }

  /// Adds an attribute to the start tag being read: a name ``number(ofName:)`` gave and a value
  /// in ``values``.
  @inline(__always)
  mutating func addAttribute(name: Int, valueStart: Int, valueCount: Int) {
    entries.append(
      AttributeTable.Entry(name: name, valueStart: valueStart, valueCount: valueCount))
  }

  /// The limit that opening one more element with `attributeCount` attributes would go over,
  /// or nil. Checked in this order: depth, node count, attributes.
  func limitExceeded(openingWith attributeCount: Int) -> HierarchyLimits.Kind? {
    if depth + 1 > limits.maximumDepth { return .depth }
    if nodes.count >= limits.maximumNodes { return .nodes }
    if attributeCount > limits.maximumAttributes { return .attributes }
    return nil
  }

  /// Opens an element with the attributes added since the last one: the root `<hierarchy>`
  /// gives the rotation; any other element is a node.
  mutating func open(
    elementName: String, bounds: Bounds?, indexed: UINode.IndexedAttributes
  ) {
    var indexed = indexed
    depth += 1
    let tag = tagStart..<entries.count
    tagStart = entries.count
    if depth == 1 {
      rootName = elementName
      if elementName == "hierarchy" {
        if let number = names.firstIndex(of: "rotation"),
          let entry = entries[tag].first(where: { $0.name == number })
        {
          let text = values.withUnsafeBufferPointer {
            String(
              decoding: $0[entry.valueStart..<entry.valueStart + entry.valueCount],
              as: UTF8.self)
          }
          rotation = Int(text)
        }
        entries.removeSubrange(tag)
        tagStart = entries.count
        return
      }
    }
    if !indexed.hasClassName, elementName != "node" {
      // Appium names elements by class.
      if classElementName != elementName || classElementString == 0 {
        classElementName = elementName
        classElementString = addString(elementName)
      }
      indexed.fields.className = classElementString
    }
    let parent = stack.last
    let index = nodes.count
    if parent == nil { windows.append(index) }
    nodes.append(
      UINode(
        index: index, parent: parent, depth: stack.count, elementName: elementName,
        entries: tag, bounds: bounds, indexed: indexed))
    stack.append(index)
  }

  /// Closes the innermost open element.
  mutating func close() {
    if depth == 1, rootName == "hierarchy" {
      depth -= 1
      return
    }
    depth -= 1
    stack.removeLast()
  }

  /// The tree, or why the document is not a UI hierarchy.
  mutating func tree(source: String) throws -> UITree {
    guard let rootName else {
      throw UIHierarchyError(source: source, reason: .notAHierarchy("no root element"))
    }
    // A hierarchy is <hierarchy> (uiautomator, u2, Appium) or a bare tree of <node>s.
    let looksLikeNode = rootName == "node" || rootName.contains(".")
    guard rootName == "hierarchy" || looksLikeNode else {
      throw UIHierarchyError(
        source: source, reason: .notAHierarchy("the root element is <\(rootName)>, not <hierarchy>")
      )
    }
    guard !nodes.isEmpty else {
      throw UIHierarchyError(source: source, reason: .notAHierarchy("<hierarchy> holds no nodes"))
    }
    // Every node's children, back to back in one array: `ends[node]` is first where the node's
    // start, then (as they are placed, in document order) where they end.
    var ends = [Int](repeating: 0, count: nodes.count)
    for node in nodes {
      if let parent = node.parent { ends[parent] += 1 }
    }
    var start = 0
    for position in ends.indices {
      let count = ends[position]
      ends[position] = start
      start += count
    }
    var children = [Int](repeating: 0, count: start)
    for position in nodes.indices {
      if let parent = nodes[position].parent {
        children[ends[parent]] = position
        ends[parent] += 1
      }
    }
    let table = AttributeTable(
      names: names, entries: entries, values: values, strings: strings, children: children)
    var previousEnd = 0
    for position in nodes.indices {
      nodes[position].table = table
      nodes[position].sharedChildren = previousEnd..<ends[position]
      previousEnd = ends[position]
    }
    return UITree(validatedNodes: nodes, windows: windows, rotation: rotation, source: source)
  }

  /// True when `string` is exactly the UTF-8 `bytes`: a value read again at the same attribute
  /// position shares the string read before.
  static func holds(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var string = string
    guard string.utf8.count == bytes.count else { return false }
    return string.withUTF8 { stored in
      guard let storedBytes = stored.baseAddress, let givenBytes = bytes.baseAddress else {
        return bytes.isEmpty
      }
      return memcmp(storedBytes, givenBytes, bytes.count) == 0
    }
  }
}
