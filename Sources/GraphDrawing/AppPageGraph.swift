import GraphStore

/// One app's unique pages and the actions between them (self-loops left out), as DOT for
/// Graphviz: each node links to its page, each edge is labelled by the element acted on.
public struct AppPageGraph: Sendable {
  /// A unique page.
  public struct Node: Sendable, Hashable {
    public var page: Int64
    public var label: String
  }

  /// One recorded action from a page to another.
  public struct Edge: Sendable, Hashable {
    public var from: Int64
    public var to: Int64
    /// The element's text, content-desc or resource-id; else the action's type.
    public var label: String
  }

  /// The largest app drawn. Measured with libgvc 2.42 on a tree of pages with a back edge
  /// each: 200 pages take 2 s and 500 take 16 s with the layout limits below; with edge labels
  /// laid out as nodes (`label`, not `xlabel`) 200 pages took over 5 minutes.
  public static let maximumPages = 300

  public var nodes: [Node]
  public var edges: [Edge]

  /// The pages and edges of the app named `app`.
  /// - Throws: ``GraphDrawingError`` when the app has more than ``maximumPages`` pages.
  public init(app: String, in db: Database) throws {
    let pages = try db.pageCount(app: app)
    guard pages <= Self.maximumPages else {
      throw GraphDrawingError(
        "app '\(app)' has \(pages) pages; the graph is drawn for at most \(Self.maximumPages)")
    }
    nodes = try db.namedPages(app: app).map { Node(page: $0.page, label: $0.name) }
    edges = try db.labelledEdges(app: app).map {
      Edge(from: $0.from, to: $0.to, label: $0.elementLabel ?? $0.actionType)
    }
  }

  /// The graph in DOT; `link`, when given, gives each page's URL (the SVG's node links).
  public func dot(link: ((Int64) -> String)? = nil) -> String {
    var text = "digraph pages {\n  graph [rankdir=LR, fontname=\"sans-serif\", mclimit=0.1, "
    text += "nslimit=2, nslimit1=2, searchsize=10];\n"
    text += "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", "
    text += "fontname=\"sans-serif\", fontsize=10];\n"
    text += "  edge [fontname=\"sans-serif\", fontsize=8, color=\"#667788\"];\n"
    for node in nodes {
      text += "  p\(node.page) [id=\"page-\(node.page)\", label=\(Self.quoted(node.label)), "
      text += "tooltip=\(Self.quoted("page \(node.page): \(node.label)"))"
      if let link { text += ", URL=\(Self.quoted(link(node.page)))" }
      text += "];\n"
    }
    for edge in edges {
      text += "  p\(edge.from) -> p\(edge.to) [xlabel=\(Self.quoted(edge.label))];\n"
    }
    return text + "}\n"
  }

  /// `text` as a DOT string: quotes and backslashes escaped (so Graphviz's `\n`, `\N`
  /// escapes stay literal), line breaks as spaces, long labels cut.
  static func quoted(_ text: String) -> String {
    var shortened = text.count > 40 ? String(text.prefix(39)) + "…" : text
    shortened = shortened.map { $0.isNewline ? " " : String($0) }.joined()
    var escaped = "\""
    for character in shortened {
      if character == "\"" || character == "\\" { escaped.append("\\") }
      escaped.append(character)
    }
    return escaped + "\""
  }
}
