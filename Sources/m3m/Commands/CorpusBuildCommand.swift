import FileIO
import Foundation
import GraphStore
import Tasks

/// `m3m corpus build`: the MobileVLM task corpora from a graph.
enum CorpusBuildCommand: Command {
  static let spec = CommandSpec(
    name: "corpus build",
    abstract: "Build the MobileVLM training corpora (4 pre-training tasks + navigation).",
    usage: "--db FILE --out DIR [--tasks t,…] [--format \(CorpusFormat.choiceBar)] "
      + "[--lang \(PromptTemplates.Language.choiceBar)] [--seed N] [--unseen-apps a,b] "
      + "[--seen-percent 10] [--images \(ImageMode.choiceBar)] [--preference [--rejected N]] "
      + "[--json]",
    options: [
      .graph(),
      .init(name: .out, value: "DIR", help: "The corpus folder (created)."),
      .init(
        name: .format, value: "F",
        help: "\(CorpusFormat.choiceList): qwen (Qwen-VL finetune JSON, default) or llava."),
      .init(
        name: "--images", value: "M",
        help: "\(ImageMode.choiceList): link the screenshots (default), copy them or neither."),
      .init(
        name: "--preference", value: nil,
        help: "A DPO corpus: the target as chosen, answers the graph proves wrong as rejected."),
      .init(
        name: "--rejected", value: "N", help: "With --preference: rejected answers a sample (2)."),
      .json("the summary"),
    ] + corpusOptionGroup,
    discussion: """
      Writes DIR/train.json, seen.json, unseen.json (qwen) or .jsonl (llava), DIR/samples.jsonl
      (every sample with task, split, pages, target and source files), DIR/images/ and
      DIR/summary.json. Targets follow the original byte for byte; see the README ("Corpora").
      The same --seed gives the same corpus.

      With --preference: for each sample, the target (chosen) against up to N rejected answers
      that the page's hierarchy or the graph proves wrong (the box of another element, a text
      the page does not show, an action whose recorded transitions lead elsewhere, a scroll the
      other way), each with its reason. Writes DIR/SPLIT.dpo.sharegpt.json (LLaMA-Factory,
      with DIR/dataset_info.json), DIR/SPLIT.dpo.trl.jsonl (TRL DPOTrainer), DIR/pairs.jsonl
      (each pair's task, page, reason and proof, in the same order), samples.jsonl, images/.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let out = try arguments.required(.out, command: spec.name)
    try OutputPath.checkFolder(out)
    let db = try GraphDatabase.open(arguments, command: spec.name)
    let options = try corpusOptions(arguments, command: spec.name)
    let preference = arguments.flag("--preference")
    if preference, arguments.value(.format) != nil {
      throw UsageError(
        command: spec.name,
        message: "--format does not apply to --preference (LLaMA-Factory and TRL files are written)"
      )
    }
    if !preference, arguments.value("--rejected") != nil {
      throw UsageError(command: spec.name, message: "--rejected needs --preference")
    }
    let rejected = try arguments.number("--rejected", default: 2, atLeast: 1, command: spec.name)
    let format = try arguments.choice(.format, default: CorpusFormat.qwen, command: spec.name)
    let images = try arguments.choice("--images", default: ImageMode.link, command: spec.name)
    let writer = try CorpusWriter(
      folder: URL(fileURLWithPath: out), format: format, images: images, inputs: [db.path])
    var written = 0
    func progress() {
      written += 1
      if written % 5000 == 0 { Output.error("  \(written) samples") }
    }
    let summary: CorpusSummary
    if preference {
      summary = try PreferenceBuilder(
        database: db, options: options, rejectedPerSample: rejected
      ).build { pair in
        try writer.write(pair)
        progress()
      }
    } else {
      summary = try CorpusBuilder(database: db, options: options).build { sample in
        try writer.write(sample)
        progress()
      }
    }
    var settings = [
      "db": db.path, "format": preference ? "preference" : format.rawValue,
      "lang": options.language.rawValue, "seed": String(options.seed),
      "tasks": options.tasks.map(\.rawValue).sorted().joined(separator: ","),
      "unseen_apps": options.splits.unseenApps.sorted().joined(separator: ","),
      "seen_percent": String(options.splits.seenPercent),
    ]
    if preference { settings["rejected"] = String(rejected) }
    try writer.finish(summary: summary, settings: settings)
    if arguments.flag(.json) {
      try Output.json(summary)
      return 0
    }
    Output.line(
      "\(summary.total) samples" + (preference ? ", \(summary.totalPairs) pairs" : "")
        + " in \(out)")
    Output.line(
      "  " + "task".padding(toLength: 20, withPad: " ", startingAt: 0)
        + CorpusSplit.allCases.map { $0.rawValue.leftPadded(8) }.joined()
        + (preference ? "pairs".leftPadded(8) : ""))
    for task in TaskKind.allCases where options.tasks.contains(task) {
      let counts = summary.samples[task.rawValue] ?? [:]
      let pairs = summary.pairs?[task.rawValue]?.values.reduce(0, +) ?? 0
      Output.line(
        "  " + task.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)
          + CorpusSplit.allCases.map { String(counts[$0.rawValue] ?? 0).leftPadded(8) }.joined()
          + (preference ? String(pairs).leftPadded(8) : ""))
    }
    for (reason, count) in summary.skipped.sorted(by: { $0.key < $1.key }) {
      Output.line("  skipped: \(reason): \(count)")
    }
    return 0
  }

  /// The options `corpus build` and `corpus eval` share: which samples and how they are split.
  /// `--task` is the old spelling of `--tasks` in `corpus eval`, still accepted.
  static let corpusOptionGroup: [CommandSpec.Option] = [
    .init(
      name: "--tasks", value: "t,…", help: "Any of \(TaskKind.choiceList) (all).",
      aliases: ["--task"]),
    .init(
      name: .lang, value: "L",
      help: "\(PromptTemplates.Language.choiceList): the original's zh templates (default) or en."),
    .init(name: "--seed", value: "N", help: "Seeds every random choice (0)."),
    .init(name: "--unseen-apps", value: "a,b", help: "Apps held out whole (split 'unseen')."),
    .init(
      name: "--seen-percent", value: "P",
      help: "Share of other apps' pages held out (split 'seen'), by page name hash (10)."),
  ]

  /// The ``corpusOptionGroup`` values.
  static func corpusOptions(_ arguments: ParsedArguments, command: String) throws -> CorpusOptions {
    var options = CorpusOptions()
    if let tasks: Set<TaskKind> = try arguments.choices("--tasks", command: command) {
      options.tasks = tasks
    }
    options.language = try arguments.choice(
      .lang, default: PromptTemplates.Language.zh, command: command)
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

extension TaskKind: OptionChoice {}
extension CorpusFormat: OptionChoice {}
extension ImageMode: OptionChoice {}
extension CorpusSplit: OptionChoice {}
extension PromptTemplates.Language: OptionChoice {}

extension String {
  /// The string right-aligned in `width` columns.
  func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
