/// GraphML with typed attribute keys, one `<graph edgedefault="directed">`.
struct GraphMLWriter<Output: TextOutputStream>: ExportFormatWriter {
  var output: Output

  mutating func begin(unique: Bool, app: String?) {
    output.write(
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
        <key id="label" for="node" attr.name="label" attr.type="string"/>
        <key id="app" for="node" attr.name="app" attr.type="string"/>
        <key id="page" for="node" attr.name="page" attr.type="long"/>
        <key id="visits" for="node" attr.name="visits" attr.type="int"/>
        <key id="action" for="edge" attr.name="action" attr.type="string"/>
        <key id="mobile3m" for="edge" attr.name="mobile3m" attr.type="string"/>
        <key id="element" for="edge" attr.name="element" attr.type="string"/>
        <key id="count" for="edge" attr.name="count" attr.type="int"/>
        <key id="self_loop" for="edge" attr.name="self_loop" attr.type="boolean"/>
        <graph id="\(Self.escaped((app ?? "m3m") + (unique ? "-pages" : "-visits")))" \
      edgedefault="directed">

      """)
  }

  mutating func node(_ node: ExportNode) {
    output.write(
      "    <node id=\"n\(node.id)\"><data key=\"label\">\(Self.escaped(node.label))</data>"
        + "<data key=\"app\">\(Self.escaped(node.app))</data>"
        + "<data key=\"page\">\(node.page)</data><data key=\"visits\">\(node.visits)</data>"
        + "</node>\n")
  }

  mutating func beginEdges() {}

  mutating func edge(_ edge: ExportEdge) {
    var data = "<data key=\"action\">\(Self.escaped(edge.action))</data>"
    if let mobile3M = edge.mobile3M {
      data += "<data key=\"mobile3m\">\(Self.escaped(mobile3M))</data>"
    }
    if let element = edge.element {
      data += "<data key=\"element\">\(Self.escaped(element))</data>"
    }
    data +=
      "<data key=\"count\">\(edge.count)</data>"
      + "<data key=\"self_loop\">\(edge.selfLoop ? "true" : "false")</data>"
    output.write("    <edge source=\"n\(edge.from)\" target=\"n\(edge.to)\">\(data)</edge>\n")
  }

  mutating func end() { output.write("  </graph>\n</graphml>\n") }

  /// Text escaped for XML content and attributes; characters XML 1.0 forbids are dropped.
  static func escaped(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
      default:
        if scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result
  }
}
