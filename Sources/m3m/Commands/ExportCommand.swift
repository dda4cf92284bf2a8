import FileIO
import Foundation
import GraphStore

/// `m3m export`: the graph as DOT, GraphML or node-link JSON.
enum ExportCommand: Command {
  static let spec = CommandSpec(
    name: "export",
    abstract: "Write the graph as Graphviz DOT, GraphML or NetworkX node-link JSON.",
    usage: "--db FILE --format \(GraphExportFormat.choiceBar) [--app NAME] [--unique] [--out FILE]",
    options: [
      .graph(),
      .init(name: .format, value: "FORMAT", help: "\(GraphExportFormat.choiceList)."),
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
      element, count and self_loop. Output is streamed.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let format: GraphExportFormat = try arguments.requiredChoice(.format, command: spec.name)
    let path = arguments.value(.out).flatMap { $0 == "-" ? nil : $0 }
    let file = try path.map { try OutputFile(path: $0, inputs: arguments.all(.db)) }
    let db = try GraphDatabase.open(arguments, command: spec.name)
    var output = FileTextOutput(file ?? StandardOutput.shared)
    let summary = try db.exportGraph(
      format: format, app: arguments.value("--app"), unique: arguments.flag("--unique"),
      to: &output)
    try output.flush()
    try file?.commit()
    Output.error(
      "exported \(summary.nodes) nodes, \(summary.edges) edges" + (path.map { " to \($0)" } ?? ""))
    return 0
  }
}

extension GraphExportFormat: OptionChoice {}
