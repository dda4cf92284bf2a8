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

extension GraphRows {
  /// What ``interruptedCopy(from:to:stoppingAfter:batchRows:)`` saw.
  public struct InterruptedCopy {
    /// Whether each stopped run ended by the stop (not by finishing or another error).
    public var stopped: [Bool]
    /// The target's rows after the last stopped run.
    public var partial: [String: [[DatabaseValue]]]
    /// The run that went on to the end.
    public var summary: GraphCopy.Summary
  }

  /// Copies the graph at `source` into `target` in batches of `batchRows`, stopped after the
  /// `stops`-th batch of each of several runs (each run starting where the last left off), then
  /// once to the end; `whileStopped` looks at the target before that last run.
  public static func interruptedCopy(
    from source: String, to target: String, stoppingAfter stops: [Int] = [1, 7, 19],
    batchRows: Int = 50, whileStopped: () throws -> Void = {}
  ) throws -> InterruptedCopy {
    struct Stop: Error {}
    func copy() throws -> GraphCopy {
      var copy = try GraphCopy(
        from: try Database(path: source, mode: .readOnly), to: try Database(path: target))
      copy.batchRows = batchRows
      return copy
    }
    var stopped: [Bool] = []
    for stopAfter in stops {
      var batches = 0
      do {
        try copy().run { _ in
          batches += 1
          if batches == stopAfter { throw Stop() }
        }
        stopped.append(false)
      } catch is Stop {
        stopped.append(true)
      }
    }
    let partial = try byTable(target)
    try whileStopped()
    return InterruptedCopy(stopped: stopped, partial: partial, summary: try copy().run())
  }
}
