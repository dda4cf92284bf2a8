import FileIO
import Foundation
import GraphStore
import Ingest

/// `m3m merge`: several graph databases into one.
enum MergeCommand: Command {
  static let spec = CommandSpec(
    name: "merge",
    abstract: "Merge graph databases (crawl workers, several recorders) into one graph.",
    usage: "A.sqlite B.sqlite... --db OUT.sqlite [--jobs N] [--busy-timeout 30] [--json]",
    arguments: [("A.sqlite...", "Graph databases written by m3m ingest or m3m crawl.")],
    options: [
      .graph("The merged graph (created, or added to).", value: "OUT"),
      JobsOption.option,
      GraphDatabase.busyTimeoutOption,
      .json("the summary"),
    ],
    discussion: """
      Every recorded visit is ingested again with the same page-identity rule, so the same
      screen recorded by two inputs becomes one unique page. The inputs' dumps and screenshots
      must still be where they were recorded. Merging an input twice adds nothing.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    guard !arguments.positionals.isEmpty else {
      throw UsageError(command: spec.name, message: "expected at least one input database")
    }
    let out = try arguments.required("--db", command: spec.name)
    if let input = arguments.positionals.first(where: { OutputPath.sameFile($0, out) }) {
      throw CommandFailure("\(out): is the input \(input); merge into another file")
    }
    let busyTimeout = try GraphDatabase.busyTimeout(arguments, command: spec.name)
    var options = GraphIngester.Options()
    options.jobs = try JobsOption.jobs(arguments, command: spec.name)
    // Every input is checked before the output is opened or created.
    let inputs = try arguments.positionals.map { path in
      (path, try GraphDatabase.openForReading(path))
    }
    let total = try GraphDatabase.writing(out, busyTimeout: busyTimeout) { db in
      let ingester = try GraphIngester(database: db, options: options)
      var total = IngestSummary()
      for (path, input) in inputs {
        let summary = try GraphMerger.merge(input, into: ingester)
        Output.error(
          "\(path): \(summary.visits) visits, \(summary.newPages) new pages, "
            + "\(summary.skipped) already merged")
        total.add(summary)
      }
      return total
    }
    if arguments.flag(.json) {
      try Output.json(total)
    } else {
      Output.line(
        "merged \(arguments.positionals.count) graphs into \(out): \(total.visits) visits, "
          + "\(total.newPages) new pages, \(total.rejected) rejected, \(total.skipped) already present"
      )
    }
    return total.rejected > 0 ? 3 : 0
  }
}
