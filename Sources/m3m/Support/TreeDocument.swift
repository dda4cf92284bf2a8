import Geometry
import UIHierarchy

/// The JSON shape of `m3m inspect --json`: the summary and every node with every attribute.
struct TreeDocument: Encodable {
  struct Node: Encodable {
    var index: Int
    var parent: Int?
    var depth: Int
    var element: String
    var bounds: String?
    var boundsInverted: Bool?
    var boundsEmpty: Bool?
    var attributes: [String: String]
    var children: [Int]
  }

  var source: String
  var rotation: Int?
  var windows: [Int]
  var summary: UITree.Summary
  var nodes: [Node]

  init(_ tree: UITree) {
    source = tree.source
    rotation = tree.rotation
    windows = tree.windows
    summary = tree.summary
    nodes = tree.nodes.map { node in
      Node(
        index: node.index, parent: node.parent, depth: node.depth, element: node.elementName,
        bounds: node.bounds?.description,
        boundsInverted: node.bounds?.isInverted == true ? true : nil,
        boundsEmpty: node.bounds.map { $0.isEmpty && !$0.isInverted } == true ? true : nil,
        attributes: Dictionary(
          node.attributes.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }),
        children: node.children)
    }
  }
}
