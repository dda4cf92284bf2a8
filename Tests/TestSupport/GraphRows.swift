import GraphStore

/// Every row of every graph table (``GraphTable/all``), each table in key order: two graphs
/// with equal rows hold the same graph, ids included (what a copy must keep).
public enum GraphRows {
  /// The rows of the graph at `path` (a file or a PostgreSQL URL), by table.
  public static func byTable(_ path: String) throws -> [String: [[DatabaseValue]]] {
    let db = try Database(path: path, mode: .readOnly)
    var tables: [String: [[DatabaseValue]]] = [:]
    for table in GraphTable.all {
      tables[table.name] = try db.fetchAll(
        "SELECT * FROM \(table.name) ORDER BY \(table.key.joined(separator: ", "))")
    }
    return tables
  }
}
