/// Applies a database's schema migrations in order, all in one immediate transaction (two
/// programs creating one new file do not both create it: the second waits, then finds it
/// done), recording the version reached in `PRAGMA user_version`.
///
/// ```swift
/// var migrator = Migrator()
/// migrator.register("create pages") { db in try db.execute("CREATE TABLE page(…)") }
/// migrator.register("add page hash") { db in try db.execute("ALTER TABLE page ADD …") }
/// try migrator.migrate(db)   // applies what is missing; a second call does nothing
/// ```
public struct Migrator: Sendable {
  /// A named step of the schema.
  public struct Migration: Sendable {
    /// Its name, for errors and logs.
    public var name: String
    /// What it does.
    public var body: @Sendable (Database) throws -> Void
  }

  /// The migrations in order; migration `i` brings the schema to version `i + 1`.
  public private(set) var migrations: [Migration] = []

  /// An empty migrator.
  public init() {}

  /// Appends a migration.
  public mutating func register(
    _ name: String, _ body: @escaping @Sendable (Database) throws -> Void
  ) {
    migrations.append(Migration(name: name, body: body))
  }

  /// The newest version this code knows.
  public var latestVersion: Int { migrations.count }

  /// Applies the missing migrations.
  /// - Parameter check: runs inside the transaction before anything is applied (it sees the
  ///   file as it is once the lock is held); throwing from it leaves the file untouched.
  /// - Returns: the names of the migrations applied (empty when up to date).
  /// - Throws: ``MigrationError`` when the file was written by newer code, or a
  ///   ``DatabaseError`` from a migration (all of them are rolled back).
  @discardableResult
  public func migrate(_ db: Database, check: (Database) throws -> Void = { _ in }) throws
    -> [String]
  {
    // Nothing to do and nothing to wait for when the file is up to date already.
    if try db.userVersion == latestVersion {
      try check(db)
      return []
    }
    return try db.inTransaction {
      try check(db)
      let current = try db.userVersion
      guard current <= latestVersion else {
        throw MigrationError(path: db.path, fileVersion: current, knownVersion: latestVersion)
      }
      if db.engine == .postgresql { try db.execute(PostgresDialect.compatibilityFunctions) }
      var applied: [String] = []
      for (offset, migration) in migrations.enumerated().dropFirst(current) {
        try migration.body(db)
        try db.setUserVersion(offset + 1)
        applied.append(migration.name)
      }
      return applied
    }
  }
}

/// A database file whose schema is newer than this build of m3m understands.
public struct MigrationError: Error, CustomStringConvertible, Sendable {
  /// The file.
  public var path: String
  /// Its schema version.
  public var fileVersion: Int
  /// The newest version this build knows.
  public var knownVersion: Int

  public var description: String {
    "\(path): schema version \(fileVersion) is newer than this m3m understands (\(knownVersion)); "
      + "use a newer m3m"
  }
}
