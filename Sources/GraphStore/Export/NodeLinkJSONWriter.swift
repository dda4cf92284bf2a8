/// NetworkX node-link JSON: `{"directed": true, "multigraph": true, "graph": {…},
/// "nodes": [{"id": …}], "links": [{"source": …, "target": …}]}`.
struct NodeLinkJSONWriter<Output: TextOutputStream>: ExportFormatWriter {
  var output: Output
  private var first = true

  init(output: Output) { self.output = output }

  mutating func begin(unique: Bool, app: String?) {
    let appField = app.map { ", \"app\": \(JSONText.string($0))" } ?? ""
    output.write(
      "{\"directed\": true, \"multigraph\": true, \"graph\": {\"unique\": \(unique)\(appField)},"
        + "\n\"nodes\": [")
  }

  mutating func node(_ node: ExportNode) {
    output.write(first ? "\n" : ",\n")
    first = false
    output.write(
      "{\"id\": \(node.id), \"label\": \(JSONText.string(node.label)), "
        + "\"app\": \(JSONText.string(node.app)), \"page\": \(node.page), "
        + "\"visits\": \(node.visits)}")
  }

  mutating func beginEdges() {
    output.write("],\n\"links\": [")
    first = true
  }

  mutating func edge(_ edge: ExportEdge) {
    output.write(first ? "\n" : ",\n")
    first = false
    output.write(
      "{\"source\": \(edge.from), \"target\": \(edge.to), "
        + "\"action\": \(JSONText.string(edge.action)), "
        + "\"mobile3m\": \(edge.mobile3M.map(JSONText.string) ?? "null"), "
        + "\"element\": \(edge.element.map(JSONText.string) ?? "null"), "
        + "\"count\": \(edge.count), \"self_loop\": \(edge.selfLoop)}")
  }

  mutating func end() { output.write("]}\n") }
}

/// JSON string literals, without Foundation (for writers that stream JSON by hand).
public enum JSONText {
  /// `text` as a JSON string literal, quotes included.
  public static func string(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}
