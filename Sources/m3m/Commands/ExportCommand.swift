import FileIO
import Foundation
import GraphDrawing
import GraphStore

/// What `--format` takes: the graph store's text formats, and svg (laid out by Graphviz).
enum ExportFormat: String, OptionChoice {
  case dot, graphml, json, svg
}

/// `m3m export`: the graph as DOT, GraphML, node-link JSON or one app's SVG drawing.
enum ExportCommand: Command {
  static let spec = CommandSpec(
    name: "export",
    abstract: "Write the graph as Graphviz DOT, GraphML, NetworkX node-link JSON or SVG.",
    usage: "--db FILE --format \(ExportFormat.choiceBar) [--app NAME] [--unique] [--out FILE]",
    options: [
      .graph(),
      .init(name: .format, value: "FORMAT", help: "\(ExportFormat.choiceList)."),
      .init(name: "--app", value: "NAME", help: "Only this app (names as 'm3m stats' lists)."),
      .init(
        name: "--unique",
        help: "The unique-page graph (pages and counted page-to-page actions) instead of every "
          + "recorded visit and transition."),
      .init(name: "--out", value: "FILE", help: "Write to FILE instead of standard output."),
    ],
    discussion: """
      dot: render with Graphviz (dot -Tsvg out.dot > out.svg); self-loops dashed.
      graphml: Gephi, yEd, networkx.read_graphml. json: networkx.node_link_graph(data,
      edges="links"). Nodes carry label, app, page and visits; edges action, mobile3m,
      element, count and self_loop. Output is streamed. svg: one app's unique-page graph
      (needs --app) laid out by Graphviz, edges labelled by the element's text, as serve's
      /v1/graph.svg draws it.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let chosen: ExportFormat = try arguments.requiredChoice(.format, command: spec.name)
    let app = arguments.value("--app")
    if chosen == .svg, app == nil {
      throw UsageError(
        command: spec.name, message: "--format svg draws one app: name it with --app")
    }
    let path = arguments.value(.out).flatMap { $0 == "-" ? nil : $0 }
    let file = try path.map { try OutputFile(path: $0, inputs: arguments.all(.db)) }
    let db = try GraphDatabase.open(arguments, command: spec.name)
    var output = FileTextOutput(file ?? StandardOutput.shared)
    let summary: (nodes: Int, edges: Int)
    if let format = GraphExportFormat(rawValue: chosen.rawValue) {
      let written = try db.exportGraph(
        format: format, app: app, unique: arguments.flag("--unique"), to: &output)
      summary = (written.nodes, written.edges)
    } else {
      summary = try drawing(app: app ?? "", of: db, to: &output)
    }
    try output.flush()
    try file?.commit()
    Output.error(
      "exported \(summary.nodes) nodes, \(summary.edges) edges" + (path.map { " to \($0)" } ?? ""))
    return 0
  }

  /// `--format svg`: the app's unique-page graph laid out by Graphviz.
  static func drawing(app: String, of db: Database, to output: inout FileTextOutput) throws
    -> (nodes: Int, edges: Int)
  {
    try db.requireApp(app)
    let graph = try AppPageGraph(app: app, in: db)
    output.write(String(decoding: try GraphvizLayout.svg(dot: graph.dot()), as: UTF8.self))
    return (graph.nodes.count, graph.edges.count)
  }
}
