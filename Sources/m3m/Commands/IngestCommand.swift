import Foundation
import GraphStore
import Ingest

/// `m3m ingest`: trace folders into the page-transition graph.
enum IngestCommand: Command {
  static let spec = CommandSpec(
    name: "ingest",
    abstract: "Ingest trace folders into the page-transition graph (SQLite).",
    usage:
      "SOURCE... --db FILE [--format auto|episode|appagent|mobile3m|trace|droidbot|llamatouch] "
      + "[--jaccard 0.5] [--pixel 0.3] [--top-k 5] [--json]",
    arguments: [("SOURCE...", "Trace folders (their layout is detected unless --format says).")],
    options: [
      .init(name: "--db", value: "FILE", help: "The graph database (created when missing)."),
      .init(
        name: "--format", value: "NAME",
        help: "auto (default), episode, appagent, mobile3m, trace, droidbot."
      ),
      .init(name: "--jaccard", value: "X", help: "Same page when HTML-line Jaccard > X (0.5)."),
      .init(name: "--pixel", value: "X", help: "... and pixel-difference ratio < X (0.3)."),
      .init(name: "--top-k", value: "K", help: "BM25 candidates to test (5)."),
      LimitOptions.imagePixels, LimitOptions.imageCache, LimitOptions.xmlDepth,
      LimitOptions.xmlNodes,
      .init(name: "--json", help: "Print the summary as JSON."),
    ],
    discussion: """
      Ingest is idempotent (a source ingested twice adds nothing) and resumable (run it again
      after an interruption). Screens that cannot be read are kept in the reject table with the
      file and the reason; the exit status is 3 when anything was rejected, 0 otherwise.
      Readers built so far: \(TraceFormat.built.map(\.rawValue).joined(separator: ", ")).
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    guard !arguments.positionals.isEmpty else {
      throw UsageError(command: spec.name, message: "expected at least one SOURCE")
    }
    let path = try arguments.required("--db", command: spec.name)
    var options = GraphIngester.Options()
    options.rule = PageIdentityRule(
      jaccard: try arguments.number("--jaccard", default: 0.5, atLeast: 0.0, command: spec.name),
      pixel: try arguments.number("--pixel", default: 0.3, atLeast: 0.0, command: spec.name),
      topK: try arguments.number("--top-k", default: 5, atLeast: 1, command: spec.name))
    options.maximumImagePixels = try LimitOptions.maximumImagePixels(arguments, command: spec.name)
    options.imageCacheBytes = try LimitOptions.imageCacheBytes(
      arguments, command: spec.name, default: options.imageCacheBytes)
    options.hierarchyLimits = try LimitOptions.hierarchyLimits(arguments, command: spec.name)
    options.progress = { summary in
      Output.error(
        "  \(summary.steps) steps, \(summary.newPages) new pages, \(summary.rejected) rejected")
    }
    let formatName = arguments.value("--format") ?? "auto"
    let forced: TraceFormat?
    if formatName == "auto" {
      forced = nil
    } else {
      guard let format = TraceFormat(rawValue: formatName) else {
        throw UsageError(command: spec.name, message: "unknown format '\(formatName)'")
      }
      forced = format
    }
    let db = try Database(path: path)
    let ingester = try GraphIngester(database: db, options: options)
    var total = IngestSummary()
    // Absolute paths, so the graph's files are found from any working directory.
    let sources = arguments.positionals.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    for source in sources.flatMap(TraceFormat.expand) {
      let format = try forced ?? TraceFormat.detect(source)
      Output.error("ingesting \(source) (\(format.rawValue))")
      let summary = try ingester.ingest(
        try format.steps(in: source), source: source, format: format.rawValue)
      total.add(summary)
    }
    if arguments.flag("--json") {
      try Output.json(total)
    } else {
      Output.line(
        "\(total.steps) steps: \(total.visits) visits recorded, \(total.newPages) new unique pages, "
          + "\(total.selfLoops) self-loops, \(total.skipped) already present, "
          + "\(total.rejected) rejected")
    }
    return total.rejected > 0 ? 3 : 0
  }
}
