import Foundation
import Geometry

/// The flat node list a parse builds element by element, shared by both parsers (libxml2's
/// callbacks and ``PlainDumpParser``), so both give the same tree and the same shape checks.
struct HierarchyBuilder {
  let limits: HierarchyLimits
  private(set) var nodes: [UINode] = []
  private var windows: [Int] = []
  private var stack: [Int] = []
  private var rootName: String?
  private var rotation: Int?
  /// Elements open now, the root (`<hierarchy>` or a bare node) included.
  private(set) var depth = 0

  init(limits: HierarchyLimits) {
    self.limits = limits
    nodes.reserveCapacity(256)
  }

  /// The limit that opening one more element with `attributeCount` attributes would go over,
  /// or nil. Checked in this order: depth, node count, attributes.
  func limitExceeded(openingWith attributeCount: Int) -> HierarchyLimits.Kind? {
    if depth + 1 > limits.maximumDepth { return .depth }
    if nodes.count >= limits.maximumNodes { return .nodes }
    if attributeCount > limits.maximumAttributes { return .attributes }
    return nil
  }

  /// Opens an element: the root `<hierarchy>` gives the rotation; any other element is a node.
  mutating func open(
    elementName: String, attributes: [UINode.Attribute], bounds: Bounds?,
    indexed: UINode.IndexedAttributes
  ) {
    depth += 1
    if depth == 1 {
      rootName = elementName
      if elementName == "hierarchy" {
        rotation = attributes.first(where: { $0.name == "rotation" }).flatMap { Int($0.value) }
        return
      }
    }
    let parent = stack.last
    let node = UINode(
      index: nodes.count, parent: parent, depth: stack.count, elementName: elementName,
      attributes: attributes, bounds: bounds, indexed: indexed)
    if let parent {
      nodes[parent].children.append(node.index)
    } else {
      windows.append(node.index)
    }
    nodes.append(node)
    stack.append(node.index)
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
  func tree(source: String) throws -> UITree {
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
