import Foundation
import GraphStore

/// Opens the `--db` a query command names, with errors that say what is wrong. A graph written
/// by an older m3m is upgraded in place once (stderr says so); queries then read it read-only.
enum GraphDatabase {
  static func open(_ arguments: ParsedArguments, command: String) throws -> Database {
    let path = try arguments.required("--db", command: command)
    guard FileManager.default.fileExists(atPath: path) else {
      throw CommandFailure("\(path): no such graph database (build one with 'm3m ingest')")
    }
    let db = try Database(path: path, mode: .readOnly)
    let version = try db.userVersion
    guard version > 0 else { throw CommandFailure("\(path): not an m3m graph database") }
    guard version < GraphSchema.migrator.latestVersion else { return db }
    let applied = try GraphSchema.migrator.migrate(Database(path: path))
    Output.error("\(path): upgraded the schema (\(applied.joined(separator: "; ")))")
    return try Database(path: path, mode: .readOnly)
  }
}
