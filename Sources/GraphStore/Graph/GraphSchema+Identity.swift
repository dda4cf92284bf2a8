/// Telling an m3m graph from any other SQLite file, and bringing a graph to the current schema
/// without touching files that are not m3m's.
extension GraphSchema {
  /// What a database file is, as far as m3m is concerned.
  public enum Identity: Sendable, Equatable {
    /// An empty database (a new file): the schema can be created in it.
    case empty
    /// An m3m graph at this schema version (at most ``Migrator/latestVersion``).
    case graph(version: Int)
    /// An m3m graph written by a newer m3m, at this schema version.
    case newer(version: Int)
    /// An SQLite file of another program.
    case foreign
  }

  /// The tables every m3m graph has had since version 1.
  static let coreTables: Set<String> = ["app", "source", "page", "visit", "edge", "reject"]

  /// What `db` holds: marked with ``applicationID`` (version 4 on), or, for older files, a
  /// `user_version` of 1 or more with m3m's tables. Reads only, on one snapshot (another
  /// program creating the schema meanwhile is seen either not at all or whole).
  public static func identify(_ db: Database) throws -> Identity {
    try db.inReadTransaction { try identifySnapshot(db) }
  }

  private static func identifySnapshot(_ db: Database) throws -> Identity {
    let latest = migrator.latestVersion
    let version = try db.userVersion
    let marked = try db.applicationID
    if marked == applicationID {
      return version > latest ? .newer(version: version) : .graph(version: version)
    }
    if marked != 0 { return .foreign }
    let names = Set(try db.tableNames())
    if version == 0 { return try db.isEmpty() ? .empty : .foreign }
    guard coreTables.isSubset(of: names) else { return .foreign }
    return version > latest ? .newer(version: version) : .graph(version: version)
  }

  /// Throws unless `db` is an empty file or an m3m graph this build understands.
  /// - Throws: ``GraphFileError`` for another program's file, ``MigrationError`` for a newer
  ///   m3m's.
  public static func requireGraphOrEmpty(_ db: Database) throws {
    switch try identify(db) {
    case .empty, .graph: return
    case .newer(let version):
      throw MigrationError(
        path: db.path, fileVersion: version, knownVersion: migrator.latestVersion)
    case .foreign:
      throw GraphFileError(path: db.path, problem: .foreign)
    }
  }

  /// Makes `db` a current m3m graph: creates the schema in an empty file, or upgrades an older
  /// graph, in one immediate transaction (a second program doing the same waits for it, then
  /// finds the work done). The file is switched to the WAL journal first. Files that are not
  /// m3m graphs, and graphs of a newer m3m, are refused before anything in them changes.
  /// - Returns: the names of the migrations applied (empty when the graph was current).
  @discardableResult
  public static func prepare(_ db: Database) throws -> [String] {
    try requireGraphOrEmpty(db)
    if try identify(db) == .graph(version: migrator.latestVersion) { return [] }
    try db.enableWAL()
    return try migrator.migrate(db, check: requireGraphOrEmpty)
  }
}
