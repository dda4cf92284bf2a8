import FileIO
import Foundation
import GraphStore

/// `m3m copy`: a whole graph from one database into another.
enum CopyCommand: Command {
  static let spec = CommandSpec(
    name: "copy",
    abstract: "Copy a whole graph from one database into another (resumable).",
    usage:
      "--from A --to B [--busy-timeout 30] [--json]   (A, B: SQLite files or postgresql:// URLs)",
    options: [
      CommandSpec.Option(
        name: "--from", value: "A",
        help: "The graph to copy (unchanged; a schema older than v6 is upgraded first)."),
      CommandSpec.Option(
        name: "--to", value: "B",
        help:
          "Where the copy goes: a new file, an empty graph (a file or a PostgreSQL database), or an interrupted copy of A."
      ),
      GraphDatabase.busyTimeoutOption,
      .json("the rows copied per table"),
    ],
    discussion: """
      Every table is copied row for row (ids kept) in key order, in batches of a few MB, each
      committed on its own: memory stays flat whatever the size of the graph. An interrupted
      copy is finished by running the same command again; it ends with the same rows as an
      uninterrupted one. The copy refuses a target holding another graph, and the source itself.
      Progress goes to standard error. Either side may be a PostgreSQL database
      (postgresql://…): a copy between engines keeps every id, and the target's key sequences
      are moved past them at the end. Into PostgreSQL, each batch is sent as one COPY.

      Into a new file B, the copy is written to a hidden file beside it (.B.m3m-copy) and renamed
      to B when complete: B never holds part of a graph. Into an existing database (an empty
      graph, or a B left by an interrupted copy into it), rows appear batch by batch, and the
      copy is complete when this command exits with status 0: every table then holds as many
      rows as the source's. The source should not be written during the copy.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let from = try arguments.required("--from", command: spec.name)
    let to = try arguments.required("--to", command: spec.name)
    let busyTimeout = try GraphDatabase.busyTimeout(arguments, command: spec.name)
    let toServer = DatabaseEngine(location: to) == .postgresql
    if from == to || OutputPath.sameFile(from, to) {
      throw CommandFailure("\(to): is the source \(from); copy into another database")
    }
    if !toServer { try OutputPath.check(to, inputs: [from]) }
    let source = try openSource(from)
    let summary: GraphCopy.Summary
    if toServer || FileManager.default.fileExists(atPath: to) {
      summary = try copy(source, into: try Database(path: to, busyTimeout: busyTimeout))
    } else {
      summary = try copyIntoNewFile(source, to, busyTimeout: busyTimeout)
    }
    if arguments.flag(.json) {
      try Output.json(summary)
    } else {
      let tables = summary.tables.filter { $0.rows > 0 }.count
      Output.line(
        "copied \(from) to \(to): \(summary.rows) rows in \(tables) tables"
          + (summary.resumed ? " (\(summary.written) written by this run, resuming a copy)" : ""))
    }
    return 0
  }

  /// The source, read-only; a graph older than a copy reads is upgraded in place first.
  static func openSource(_ path: String) throws -> Database {
    let db = try GraphDatabase.openForReading(path)
    guard case .graph(let version) = try GraphSchema.identify(db),
      version < GraphCopy.minimumSourceVersion
    else { return db }
    let applied = try GraphSchema.prepare(try Database(path: path))
    Output.error("\(path): upgraded the schema (\(applied.joined(separator: "; ")))")
    return try GraphDatabase.openForReading(path)
  }

  /// Copies into a new file: a hidden file beside `path`, renamed to it when complete (a
  /// second run after an interruption continues the hidden file).
  static func copyIntoNewFile(_ source: Database, _ path: String, busyTimeout: Double) throws
    -> GraphCopy.Summary
  {
    let url = URL(fileURLWithPath: path)
    let partial = url.deletingLastPathComponent()
      .appendingPathComponent("." + url.lastPathComponent + ".m3m-copy").path
    try OutputPath.check(partial, inputs: [source.path])
    if FileManager.default.fileExists(atPath: partial) {
      Output.error("\(path): continuing the interrupted copy in \(partial)")
    }
    // The connection is closed (its write-ahead log folded into the file) before the rename.
    let summary = try copy(source, into: try Database(path: partial, busyTimeout: busyTimeout))
    guard !FileManager.default.fileExists(atPath: partial + "-wal") else {
      throw CommandFailure(
        "\(partial): another program has the copy open; it stays there, run the command again")
    }
    guard !FileManager.default.fileExists(atPath: path) else {
      throw CommandFailure(
        "\(path): a file appeared there during the copy; the copy is complete in \(partial)")
    }
    guard rename(partial, path) == 0 else {
      let reason = String(cString: strerror(errno)).lowercased()
      throw CommandFailure("\(path): cannot rename the complete copy \(partial) to it (\(reason))")
    }
    try? FileManager.default.removeItem(atPath: partial + "-shm")
    return summary
  }

  /// Runs the copy, with progress on standard error: a line a second while a table is copied,
  /// and one when it is done.
  static func copy(_ source: Database, into target: Database) throws -> GraphCopy.Summary {
    let copy = try GraphCopy(from: source, to: target)
    var lastLine = Date.distantPast
    return try copy.run { progress in
      let done = progress.copied >= progress.total
      guard done || Date().timeIntervalSince(lastLine) >= 1 else { return }
      lastLine = Date()
      if progress.total > 0 {
        Output.error("copy: \(progress.table) \(progress.copied) of \(progress.total) rows")
      }
    }
  }
}
