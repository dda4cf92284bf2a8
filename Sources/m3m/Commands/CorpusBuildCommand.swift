import FileIO
import Foundation
import GraphStore
import Tasks

/// `m3m corpus build`: the MobileVLM task corpora from a graph.
enum CorpusBuildCommand: Command {
  static let spec = CommandSpec(
    name: "corpus build",
    abstract: "Build the MobileVLM training corpora (4 pre-training tasks + navigation).",
    usage: "--db FILE --out DIR [--tasks t,…] [--format qwen|llava] [--lang zh|en] [--seed N] "
      + "[--unseen-apps a,b] [--seen-percent 10] [--images link|copy|none] [--json]",
    options: [
      .init(name: "--db", value: "FILE", help: "The graph database."),
      .init(name: "--out", value: "DIR", help: "The corpus folder (created)."),
      .init(
        name: "--tasks", value: "t,…",
        help: "Any of " + TaskKind.allCases.map(\.rawValue).joined(separator: ", ") + " (all)."),
      .init(name: "--format", value: "F", help: "qwen (Qwen-VL finetune JSON, default) or llava."),
      .init(name: "--lang", value: "L", help: "zh (the original's templates, default) or en."),
      .init(name: "--seed", value: "N", help: "Seeds every random choice (0)."),
      .init(name: "--unseen-apps", value: "a,b", help: "Apps held out whole (split 'unseen')."),
      .init(
        name: "--seen-percent", value: "P",
        help: "Share of other apps' pages held out (split 'seen'), by page name hash (10)."),
      .init(name: "--images", value: "M", help: "link (default), copy or none."),
      .init(name: "--json", help: "Print the summary as JSON."),
    ],
    discussion: """
      Writes DIR/train.json, seen.json, unseen.json (qwen) or .jsonl (llava), DIR/samples.jsonl
      (every sample with task, split, pages, target and source files), DIR/images/ and
      DIR/summary.json. Targets follow the original byte for byte; see the README ("Corpora").
      The same --seed gives the same corpus.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let out = try arguments.required("--out", command: spec.name)
    try OutputPath.checkFolder(out)
    let db = try GraphDatabase.open(arguments, command: spec.name)
    let options = try corpusOptions(arguments, command: spec.name)
    let formatName = arguments.value("--format") ?? "qwen"
    guard let format = CorpusFormat(rawValue: formatName) else {
      throw UsageError(command: spec.name, message: "unknown format '\(formatName)' (qwen, llava)")
    }
    let imageName = arguments.value("--images") ?? "link"
    guard let images = ImageMode(rawValue: imageName) else {
      throw UsageError(
        command: spec.name, message: "unknown --images '\(imageName)' (link, copy, none)")
    }
    let writer = try CorpusWriter(
      folder: URL(fileURLWithPath: out), format: format, images: images, inputs: [db.path])
    let builder = try CorpusBuilder(database: db, options: options)
    var written = 0
    let summary = try builder.build { sample in
      try writer.write(sample)
      written += 1
      if written % 5000 == 0 { Output.error("  \(written) samples") }
    }
    try writer.finish(
      summary: summary,
      settings: [
        "db": db.path, "format": format.rawValue, "lang": options.language.rawValue,
        "seed": String(options.seed),
        "tasks": options.tasks.map(\.rawValue).sorted().joined(separator: ","),
        "unseen_apps": options.splits.unseenApps.sorted().joined(separator: ","),
        "seen_percent": String(options.splits.seenPercent),
      ])
    if arguments.flag("--json") {
      try Output.json(summary)
      return 0
    }
    Output.line("\(summary.total) samples in \(out)")
    Output.line(
      "  " + "task".padding(toLength: 20, withPad: " ", startingAt: 0)
        + CorpusSplit.allCases.map { $0.rawValue.leftPadded(8) }.joined())
    for task in TaskKind.allCases where options.tasks.contains(task) {
      let counts = summary.samples[task.rawValue] ?? [:]
      Output.line(
        "  " + task.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)
          + CorpusSplit.allCases.map { String(counts[$0.rawValue] ?? 0).leftPadded(8) }.joined())
    }
    for (reason, count) in summary.skipped.sorted(by: { $0.key < $1.key }) {
      Output.line("  skipped: \(reason): \(count)")
    }
    return 0
  }

  /// The options shared by `corpus build` and `corpus eval`.
  static func corpusOptions(_ arguments: ParsedArguments, command: String) throws -> CorpusOptions {
    var options = CorpusOptions()
    if let tasks = arguments.value("--tasks") ?? arguments.value("--task") {
      var chosen: Set<TaskKind> = []
      for name in tasks.split(separator: ",").map(String.init) {
        guard let task = TaskKind(rawValue: name) else {
          throw UsageError(
            command: command,
            message: "unknown task '\(name)' ("
              + TaskKind.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        chosen.insert(task)
      }
      options.tasks = chosen
    }
    let language = arguments.value("--lang") ?? "zh"
    guard let parsed = PromptTemplates.Language(rawValue: language) else {
      throw UsageError(command: command, message: "unknown language '\(language)' (zh, en)")
    }
    options.language = parsed
    options.seed = try arguments.number("--seed", default: 0, command: command)
    options.splits = SplitPlan(
      unseenApps: Set(
        (arguments.value("--unseen-apps") ?? "").split(separator: ",").map(String.init)),
      seenPercent: try arguments.number(
        "--seen-percent", default: 10, atLeast: 0, command: command),
      seed: options.seed)
    return options
  }
}

extension String {
  /// The string right-aligned in `width` columns.
  func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
