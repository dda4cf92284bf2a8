/// The file formats `m3m export` writes.
public enum GraphExportFormat: String, Sendable, CaseIterable, Codable {
  /// Graphviz DOT (`dot -Tsvg graph.dot`).
  case dot
  /// GraphML, as Gephi, yEd and NetworkX (`networkx.read_graphml`) read it.
  case graphml
  /// NetworkX node-link JSON (`networkx.node_link_graph(data, edges="links")`).
  case json
}

/// A node of an exported graph: a unique page, or a recorded visit.
struct ExportNode {
  var id: Int64
  var label: String
  var app: String
  /// The unique page (for a visit: the page it folded into).
  var page: Int64
  /// Recorded visits of the page (1 for a visit).
  var visits: Int
}

/// An edge of an exported graph: an action between two nodes.
struct ExportEdge {
  var from: Int64
  var to: Int64
  var action: String
  var mobile3M: String?
  /// A label for the element acted on: its text, else content-desc, else resource-id.
  var element: String?
  var count: Int
  var selfLoop: Bool
}

/// Writes one export format, node by node and edge by edge (nothing is held in memory).
protocol ExportFormatWriter {
  mutating func begin(unique: Bool, app: String?)
  mutating func node(_ node: ExportNode)
  /// Called once, after the last node and before the first edge.
  mutating func beginEdges()
  mutating func edge(_ edge: ExportEdge)
  mutating func end()
}
