/// A file given as a graph database that is not one m3m can use.
public struct GraphFileError: Error, CustomStringConvertible, Sendable {
  /// What is wrong with the file.
  public enum Problem: Sendable, Equatable {
    /// An SQLite file of another program.
    case foreign
    /// An empty file or database: no graph has been recorded in it.
    case empty
    /// No file at the path.
    case missing
  }

  /// The file.
  public var path: String
  /// What is wrong.
  public var problem: Problem

  /// An error for `path`.
  public init(path: String, problem: Problem) {
    self.path = path
    self.problem = problem
  }

  public var description: String {
    switch problem {
    case .foreign:
      "\(path): not an m3m graph (an SQLite file of another program); m3m leaves it untouched"
    case .empty: "\(path): an empty database, not an m3m graph (build one with 'm3m ingest')"
    case .missing: "\(path): no such graph database (build one with 'm3m ingest')"
    }
  }
}
