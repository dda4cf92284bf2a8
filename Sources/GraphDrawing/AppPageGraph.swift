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
    let pages =
      try db.scalar(
        "SELECT count(*) FROM page JOIN app ON app.id = page.app_id WHERE app.name = ?",
        [.text(app)]) ?? 0
    guard pages <= Self.maximumPages else {
      throw GraphDrawingError(
        "app '\(app)' has \(pages) pages; the graph is drawn for at most \(Self.maximumPages)")
    }
    nodes = try db.fetchAll(
      """
      SELECT page.id, coalesce((SELECT coalesce(name, record) FROM visit WHERE page_id = page.id
                                ORDER BY id LIMIT 1), page.name, page.id)
      FROM page JOIN app ON app.id = page.app_id WHERE app.name = ? ORDER BY page.id
      """, [.text(app)]
    ).map { Node(page: $0[0].int64 ?? 0, label: $0[1].string ?? "\($0[0].int64 ?? 0)") }
    edges = try db.fetchAll(
      """
      SELECT e.from_page, e.to_page, a.type,
             (SELECT CASE WHEN text <> '' THEN text WHEN content_desc <> '' THEN content_desc
                          WHEN resource_id <> '' THEN resource_id END
              FROM element WHERE id = e.element_id)
      FROM edge e JOIN action a ON a.id = e.action_id JOIN app ON app.id = a.app_id
      WHERE app.name = ? AND e.self_loop = 0 ORDER BY e.from_page, e.to_page, e.action_id
      """, [.text(app)]
    ).map {
      Edge(
        from: $0[0].int64 ?? 0, to: $0[1].int64 ?? 0,
        label: $0[3].string ?? $0[2].string ?? "")
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
