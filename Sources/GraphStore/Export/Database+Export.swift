/// What an export wrote.
public struct GraphExportSummary: Sendable, Codable, Hashable {
  /// Nodes written.
  public var nodes = 0
  /// Edges written.
  public var edges = 0
}

extension Database {
  /// Streams the graph to `output` in `format`.
  /// - Parameters:
  ///   - app: only this app's pages (its name, as `m3m stats` lists them); nil for all.
  ///   - unique: the unique-page graph (one node per page, one edge per page–action–page with
  ///     its count) when true; the recorded visit graph (one node per visit, one edge per
  ///     transition) when false.
  /// - Throws: ``GraphQueryError`` when `app` is unknown.
  @discardableResult
  public func exportGraph<Output: TextOutputStream>(
    format: GraphExportFormat, app: String? = nil, unique: Bool, to output: inout Output
  ) throws -> GraphExportSummary {
    if let app, try scalar("SELECT id FROM app WHERE name = ?", [.text(app)]) == nil {
      let known = try fetchAll("SELECT name FROM app ORDER BY name").compactMap {
        $0.first?.string
      }
      throw GraphQueryError(
        path: path, reason: "no app '\(app)' (apps: \(known.joined(separator: ", ")))")
    }
    switch format {
    case .dot:
      var writer = DOTWriter(output: output)
      defer { output = writer.output }
      return try export(app: app, unique: unique, with: &writer)
    case .graphml:
      var writer = GraphMLWriter(output: output)
      defer { output = writer.output }
      return try export(app: app, unique: unique, with: &writer)
    case .json:
      var writer = NodeLinkJSONWriter(output: output)
      defer { output = writer.output }
      return try export(app: app, unique: unique, with: &writer)
    }
  }

  private func export(app: String?, unique: Bool, with writer: inout some ExportFormatWriter) throws
    -> GraphExportSummary
  {
    var summary = GraphExportSummary()
    writer.begin(unique: unique, app: app)
    let appFilter = "(?1 IS NULL OR app.name = ?1)"
    let nodes =
      unique
      ? """
      SELECT page.id, coalesce((SELECT coalesce(name, record) FROM visit WHERE page_id = page.id
                                ORDER BY id LIMIT 1), page.name, CAST(page.id AS TEXT)),
             app.name, page.id, (SELECT count(*) FROM visit WHERE page_id = page.id)
      FROM page JOIN app ON app.id = page.app_id WHERE \(appFilter) ORDER BY page.id
      """
      : """
      SELECT visit.id, coalesce(visit.name, visit.record), app.name, visit.page_id, 1
      FROM visit JOIN app ON app.id = visit.app_id WHERE \(appFilter) ORDER BY visit.id
      """
    let nodeStatement = try prepare(nodes)
    try nodeStatement.bind([DatabaseValue(app)])
    while try nodeStatement.step() {
      writer.node(
        ExportNode(
          id: nodeStatement.int64(0), label: nodeStatement.string(1),
          app: nodeStatement.string(2), page: nodeStatement.int64(3),
          visits: nodeStatement.int(4)))
      summary.nodes += 1
    }
    writer.beginEdges()
    let elementLabel = """
      (SELECT CASE WHEN text <> '' THEN text WHEN content_desc <> '' THEN content_desc
                   WHEN resource_id <> '' THEN resource_id END FROM element WHERE id = e.element_id)
      """
    let edges =
      unique
      ? """
      SELECT e.from_page, e.to_page, a.type, a.mobile3m, \(elementLabel), e.count, e.self_loop
      FROM edge e JOIN action a ON a.id = e.action_id JOIN app ON app.id = a.app_id
      WHERE \(appFilter) ORDER BY e.from_page, e.to_page, e.action_id
      """
      : """
      SELECT e.from_visit, e.to_visit, a.type, a.mobile3m, \(elementLabel), 1, e.self_loop
      FROM visit_edge e JOIN action a ON a.id = e.action_id JOIN app ON app.id = a.app_id
      WHERE \(appFilter) ORDER BY e.from_visit, e.to_visit, e.action_id
      """
    let edgeStatement = try prepare(edges)
    try edgeStatement.bind([DatabaseValue(app)])
    while try edgeStatement.step() {
      writer.edge(
        ExportEdge(
          from: edgeStatement.int64(0), to: edgeStatement.int64(1),
          action: edgeStatement.string(2), mobile3M: edgeStatement.optionalString(3),
          element: edgeStatement.optionalString(4), count: edgeStatement.int(5),
          selfLoop: edgeStatement.int(6) != 0))
      summary.edges += 1
    }
    writer.end()
    return summary
  }
}
