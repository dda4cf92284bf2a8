/// Graphviz DOT: one `digraph`, pages as boxes labelled with their name, edges labelled with
/// the action and element; self-loops dashed.
struct DOTWriter<Output: TextOutputStream>: ExportFormatWriter {
  var output: Output

  mutating func begin(unique: Bool, app: String?) {
    let name = (app ?? "m3m") + (unique ? " pages" : " visits")
    output.write("digraph \(Self.quoted(name)) {\n")
    output.write("  graph [rankdir=LR];\n  node [shape=box, fontsize=10];\n")
    output.write("  edge [fontsize=8];\n")
  }

  mutating func node(_ node: ExportNode) {
    output.write(
      "  \(node.id) [label=\(Self.quoted(node.label)), app=\(Self.quoted(node.app)), "
        + "page=\(node.page), visits=\(node.visits)];\n")
  }

  mutating func beginEdges() {}

  mutating func edge(_ edge: ExportEdge) {
    var label = edge.action
    if let element = edge.element, !element.isEmpty { label += " " + element }
    if edge.count > 1 { label += " ×\(edge.count)" }
    output.write(
      "  \(edge.from) -> \(edge.to) [label=\(Self.quoted(label)), count=\(edge.count)"
        + (edge.selfLoop ? ", style=dashed" : "") + "];\n")
  }

  mutating func end() { output.write("}\n") }

  /// A DOT double-quoted string.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for character in text {
      switch character {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": continue
      default: result.append(character)
      }
    }
    return result + "\""
  }
}
