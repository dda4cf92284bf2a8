import Foundation
import GraphStore
import Ingest
import Screenshots

/// `m3m ingest`: trace folders into the page-transition graph.
enum IngestCommand: Command {
  static let spec = CommandSpec(
    name: "ingest",
    abstract: "Ingest trace folders into the page-transition graph (SQLite).",
    usage:
      "SOURCE... --db FILE [--format auto|\(TraceFormat.choiceBar)] "
      + "[--jaccard 0.5] [--pixel 0.3] [--top-k 5] [--jobs N] [--busy-timeout 30] "
      + "[--ocr-lang eng|chi_sim+eng] [--ocr-timeout S] [--no-ocr] [--json]",
    arguments: [("SOURCE...", "Trace folders (their layout is detected unless --format says).")],
    options: [
      .graph("The graph database (created when missing)."),
      .init(
        name: "--format", value: "NAME",
        help: "auto (detect each source's layout, default) or one of \(TraceFormat.choiceList)."
      ),
      .init(name: "--jaccard", value: "X", help: "Same page when HTML-line Jaccard > X (0.5)."),
      .init(name: "--pixel", value: "X", help: "... and pixel-difference ratio < X (0.3)."),
      .init(name: "--top-k", value: "K", help: "BM25 candidates to test (5)."),
      JobsOption.option,
      GraphDatabase.busyTimeoutOption,
      LimitOptions.imagePixels, LimitOptions.imageCache, LimitOptions.xmlDepth,
      LimitOptions.xmlNodes,
      OCROptions.language, OCROptions.timeout, OCROptions.off,
      .json("the summary"),
    ],
    discussion: """
      Ingest is idempotent (a source ingested twice adds nothing) and resumable (run it again
      after an interruption). Screens that cannot be read are kept in the reject table with the
      file and the reason, and so is a source that cannot be read at all (the others go on); the
      exit status is 3 when anything was rejected, 0 otherwise.
      A screen with a screenshot and no dump (AppAgent's screenshot-only steps, AitZ episodes)
      becomes a page read from pixels: its OCR lines (Tesseract) are its elements, of class
      m3m.OCRTextView; --no-ocr rejects such screens instead. A screen with a dump uses the dump.
      Readers built so far: \(TraceFormat.built.map(\.rawValue).joined(separator: ", ")).
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    guard !arguments.positionals.isEmpty else {
      throw UsageError(command: spec.name, message: "expected at least one SOURCE")
    }
    let path = try arguments.required("--db", command: spec.name)
    FrameMemory.reuseFreedFrames()
    var options = GraphIngester.Options()
    options.rule = PageIdentityRule(
      jaccard: try arguments.number("--jaccard", default: 0.5, atLeast: 0.0, command: spec.name),
      pixel: try arguments.number("--pixel", default: 0.3, atLeast: 0.0, command: spec.name),
      topK: try arguments.number("--top-k", default: 5, atLeast: 1, command: spec.name))
    options.maximumImagePixels = try LimitOptions.maximumImagePixels(arguments, command: spec.name)
    options.imageCacheBytes = try LimitOptions.imageCacheBytes(
      arguments, command: spec.name, default: options.imageCacheBytes)
    options.hierarchyLimits = try LimitOptions.hierarchyLimits(arguments, command: spec.name)
    options.jobs = try JobsOption.jobs(arguments, command: spec.name)
    options.textRecognition = try OCROptions.pool(
      arguments, command: spec.name, jobs: options.jobs)
    options.progress = { summary in
      Output.error(
        "  \(summary.steps) steps, \(summary.newPages) new pages, \(summary.rejected) rejected")
    }
    let forced: TraceFormat? =
      arguments.value(.format) == "auto" ? nil : try arguments.choice(.format, command: spec.name)
    let busyTimeout = try GraphDatabase.busyTimeout(arguments, command: spec.name)
    // Absolute paths, so the graph's files are found from any working directory; each source's
    // layout as recognised while expanding (looked at once: most of a small folder's cost),
    // found while the database opens and as the pipeline goes.
    let sources = SourceFinder(paths: arguments.positionals)
    let total = try GraphDatabase.writing(path, busyTimeout: busyTimeout) { db in
      let ingester = try GraphIngester(database: db, options: options)
      var total = IngestSummary()
      // Sources that cannot be read at all: rejected, and the others go on.
      var unreadable: [(source: String, error: any Error)] = []
      // Read one after the other through one pipeline (the next source's steps are prepared
      // while this one's are recorded); small sources share transactions (one commit each
      // would cost more than their steps).
      let readable = sources.lazy.compactMap { (source, detected) -> IngestSource? in
        do {
          let format = try forced ?? detected ?? TraceFormat.detect(source)
          let steps = try format.steps(in: source)
          Output.error("ingesting \(source) (\(format.rawValue))")
          return IngestSource(steps: steps, path: source, format: format.rawValue)
        } catch {
          if sources.hasMany { Output.error("m3m ingest: \(error); skipped") }
          unreadable.append((source, error))
          return nil
        }
      }
      total = try ingester.batchingSources { try ingester.ingest(sources: readable) }
      if !unreadable.isEmpty {
        // Nothing is recorded when no source could be read (a new database is removed).
        guard unreadable.count < sources.all.count else {
          if unreadable.count == 1 { throw unreadable[0].error }
          throw CommandFailure("none of the \(sources.all.count) sources could be read")
        }
        for (source, error) in unreadable {
          let reason = (error as? IngestError).map { $0.source == source ? $0.reason : "\($0)" }
          try ingester.rejectSource(source, reason: reason ?? "\(error)")
          total.rejected += 1
        }
      }
      return total
    }
    if arguments.flag(.json) {
      try Output.json(total)
    } else {
      Output.line(
        "\(total.steps) steps: \(total.visits) visits recorded, \(total.newPages) new unique pages, "
          + "\(total.selfLoops) self-loops, \(total.skipped) already present, "
          + "\(total.rejected) rejected"
          + (total.rejectedBefore > 0
            ? " (\(total.rejectedBefore) of them rejected by an earlier run already)" : ""))
    }
    return total.rejected > 0 ? 3 : 0
  }
}

extension TraceFormat: OptionChoice {}
