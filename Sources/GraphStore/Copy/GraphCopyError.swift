/// Why ``GraphCopy`` refused a copy or found it incomplete.
public struct GraphCopyError: Error, CustomStringConvertible, Sendable {
  /// What went wrong.
  public enum Problem: Sendable, Equatable {
    /// The source's schema is older than the copy reads.
    case sourceTooOld(version: Int, minimum: Int)
    /// The target already holds rows of another graph (not an interrupted copy of the source).
    case targetHoldsAnotherGraph(table: String, rows: Int64)
    /// The target holds a graph of an older schema (not a copy this build made).
    case targetHoldsOlderGraph(version: Int)
    /// A table of the target has other columns than the source's.
    case columnsDiffer(table: String, source: [String], target: [String])
    /// After the copy, a table of the target has another number of rows than the source's (the
    /// source changed during the copy, or the target was written by something else).
    case countsDiffer(table: String, source: Int64, target: Int64)
  }

  /// The database the problem is in (the source or the target), as the user named it.
  public var database: String
  /// What went wrong.
  public var problem: Problem

  /// An error about `database`.
  public init(database: String, problem: Problem) {
    self.database = database
    self.problem = problem
  }

  public var description: String {
    switch problem {
    case .sourceTooOld(let version, let minimum):
      return "\(database): schema version \(version) is older than a copy reads (\(minimum)); "
        + "upgrade it first (GraphSchema.prepare; m3m copy does when it can write the file)"
    case .targetHoldsAnotherGraph(let table, let rows):
      return "\(database): holds another graph (\(rows) rows in \(table)); copy into a new file "
        + "or an empty database"
    case .targetHoldsOlderGraph(let version):
      return "\(database): holds a graph of schema version \(version); copy into a new file or "
        + "an empty database"
    case .columnsDiffer(let table, let source, let target):
      return "\(database): table \(table) has columns \(target.joined(separator: ", ")), "
        + "the source's are \(source.joined(separator: ", "))"
    case .countsDiffer(let table, let source, let target):
      return "\(database): table \(table) has \(target) rows after the copy, the source \(source) "
        + "(was the source written during the copy? run the same command again)"
    }
  }
}
