import FileIO
import Foundation
import GraphStore
import Models
import Tasks

/// `m3m corpus eval`: runs a model on task samples and scores it.
enum CorpusEvalCommand: Command {
  static let spec = CommandSpec(
    name: "corpus eval",
    abstract: "Run a model (builtin or an OpenAI-compatible server) on task samples and score it.",
    usage: "--db FILE --model \(ModelKind.choiceBar) --out preds.jsonl [--tasks t,…] "
      + "[--split s,…] [--limit N] [corpus options] [openai options] [--json]",
    options: [
      .graph(),
      .init(name: .out, value: "FILE", help: "One JSON line per sample: prediction and scores."),
      .init(name: "--split", value: "s,…", help: "Any of \(CorpusSplit.choiceList) (all)."),
      .init(name: .limit, value: "N", help: "At most N samples per task (all)."),
      .init(name: "--concurrency", value: "N", help: "Requests in flight (4)."),
      .json("the report"),
    ] + CorpusBuildCommand.corpusOptionGroup + ModelOptions.options,
    discussion: """
      Samples are built from the graph exactly as 'corpus build' builds them with the same
      options. Metrics: the original's (mean IoU, line and ref recall, action OCR accuracy,
      action IoU) and strict ones (IoU@0.5, point in box, precision/recall/F1, exact action).
      A failed request is recorded with its error and scored as an empty answer.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let out = try arguments.required(.out, command: spec.name)
    let file = try OutputFile(path: out, inputs: arguments.all(.db))
    let db = try GraphDatabase.open(arguments, command: spec.name)
    let options = try CorpusBuildCommand.corpusOptions(arguments, command: spec.name)
    let splits: Set<CorpusSplit> =
      try arguments.choices("--split", command: spec.name) ?? Set(CorpusSplit.allCases)
    let limit = try arguments.number(.limit, default: Int.max, atLeast: 1, command: spec.name)
    let concurrency = try arguments.number(
      "--concurrency", default: 4, atLeast: 1, command: spec.name)
    let model = try ModelOptions.model(
      arguments, language: options.language, command: spec.name,
      concurrentRequests: concurrency)
    var samples: [TaskSample] = []
    var perTask: [TaskKind: Int] = [:]
    _ = try CorpusBuilder(database: db, options: options).build { sample in
      guard splits.contains(sample.split), perTask[sample.task, default: 0] < limit else { return }
      perTask[sample.task, default: 0] += 1
      samples.append(sample)
    }
    guard !samples.isEmpty else {
      throw CommandFailure("no samples match (tasks, splits) in \(db.path)")
    }
    Output.error("\(model.name): \(samples.count) samples")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let total = samples.count
    let chosen = samples
    let report = try runBlocking {
      var done = 0
      return try await ModelEvaluator.run(chosen, model: model, concurrency: concurrency) {
        record in
        try file.write(try encoder.encode(record) + Data("\n".utf8))
        done += 1
        if done % 200 == 0 { Output.error("  \(done)/\(total)") }
      }
    }
    try file.commit()
    if arguments.flag(.json) {
      try Output.json(report)
    } else {
      printTable(report)
    }
    return 0
  }

  static func printTable(_ report: EvaluationReport) {
    Output.line("model: \(report.model)")
    for task in TaskKind.allCases {
      guard let bySplit = report.means[task.rawValue] else { continue }
      let metrics = TaskMetrics.names(task)
      Output.line(
        "\n" + task.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0) + "n".leftPadded(6)
          + metrics.map { $0.leftPadded(15) }.joined())
      for split in CorpusSplit.allCases {
        guard let means = bySplit[split.rawValue] else { continue }
        let count = report.counts[task.rawValue]?[split.rawValue] ?? 0
        Output.line(
          "  " + split.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)
            + String(count).leftPadded(6)
            + metrics.map { name in
              means[name].map { String(format: "%.3f", $0) }?.leftPadded(15) ?? "—".leftPadded(15)
            }.joined())
      }
    }
    if report.failures > 0 {
      Output.line("\n\(report.failures) requests failed (see the out file)")
    }
  }
}
