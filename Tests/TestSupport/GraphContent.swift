import GraphStore

/// A graph's content as comparable rows: pages, visits with their page, elements, actions,
/// edges, transitions and rejects, each in its table's order. Two graphs with equal content were
/// written by the same steps in the same order to the same effect.
public struct GraphContent: Equatable, CustomStringConvertible {
  /// Rows by table, each row its values joined.
  public let tables: [String: [String]]

  /// Reads the content of the graph `path`.
  public init(_ path: String) throws {
    let db = try Database(path: path, mode: .readOnly)
    var tables: [String: [String]] = [:]
    for (name, sql) in Self.queries {
      tables[name] = try db.fetchAll(sql).map { row in
        row.map { "\($0)" }.joined(separator: " | ")
      }
    }
    self.tables = tables
  }

  /// The rows of `table`.
  public subscript(table: String) -> [String] { tables[table] ?? [] }

  public var description: String {
    tables.keys.sorted().map { "\($0): \(tables[$0]?.count ?? 0) rows" }.joined(separator: ", ")
  }

  static let queries: [(String, String)] = [
    ("app", "SELECT id, name FROM app ORDER BY id"),
    (
      "page",
      """
      SELECT p.id, a.name, p.name, p.line_set_hash, p.line_hashes, p.html, p.xml_path,
             p.screenshot_path, p.screenshot_digest
      FROM page p JOIN app a ON a.id = p.app_id ORDER BY p.id
      """
    ),
    (
      "visit",
      """
      SELECT v.id, s.path, v.record, v.name, v.parent_visit_id, v.depth, v.page_id, v.matched_by,
             v.jaccard, v.pixel_difference, v.xml_path, v.screenshot_path, v.screenshot_digest,
             v.line_set_hash
      FROM visit v JOIN source s ON s.id = v.source_id ORDER BY v.id
      """
    ),
    (
      "element",
      """
      SELECT page_id, node_index, class, text, resource_id, x1, y1, x2, y2, clickable, html_line
      FROM element ORDER BY id
      """
    ),
    ("action", "SELECT id, app_id, type, key FROM action ORDER BY id"),
    (
      "edge",
      """
      SELECT from_page, action_id, to_page, element_id, count, self_loop FROM edge
      ORDER BY from_page, action_id, to_page
      """
    ),
    (
      "visit_edge",
      "SELECT from_visit, to_visit, action_id, element_id, x, y, self_loop FROM visit_edge "
        + "ORDER BY from_visit, to_visit, action_id"
    ),
    ("reject", "SELECT source_id, file, record, reason FROM reject ORDER BY id"),
    ("source", "SELECT id, path, format, status, steps_done, rejected FROM source ORDER BY id"),
  ]
}
