import FileIO
import Foundation
import Models

/// `m3m corpus refexp`: the built-in model's grounding on UIBert RefExp.
enum CorpusRefExpCommand: Command {
  static let spec = CommandSpec(
    name: "corpus refexp",
    abstract: "Score the built-in model's grounding on UIBert RefExp (referring expressions).",
    usage: "FILE.jsonl [--limit N] [--out outcomes.jsonl] [--json]",
    arguments: [
      ("FILE.jsonl", "RefExp records (e.g. ../shared/evaldata/uibert-refexp-dev.jsonl).")
    ],
    options: [
      .init(name: "--limit", value: "N", help: "At most N records."),
      .init(name: "--out", value: "FILE", help: "One JSON line per record: chosen and labelled."),
      .json("the report"),
    ],
    discussion: """
      The model reads the screen's view-hierarchy leaves (RefExp has no pixels) and picks one of
      the candidate boxes with the rules of ReferringExpressionResolver. Accuracy counts the
      labelled candidate; IoU@0.5 counts any candidate overlapping it that much.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    guard arguments.positionals.count == 1 else {
      throw UsageError(command: spec.name, message: "expected one FILE.jsonl")
    }
    let limit = try arguments.number(.limit, default: Int.max, atLeast: 1, command: spec.name)
    let file = try arguments.value(.out).map {
      try OutputFile(path: $0, inputs: arguments.positionals)
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let report = try RefExpEvaluation.run(path: arguments.positionals[0], limit: limit) {
      outcome in
      try file?.write(try encoder.encode(outcome) + Data("\n".utf8))
    }
    try file?.commit()
    for problem in report.unreadable { Output.error(problem) }
    if arguments.flag(.json) {
      try Output.json(report)
    } else {
      Output.line("model: builtin-hierarchy (view-hierarchy leaves, no pixels)")
      Output.line("records \(report.samples)")
      Output.line(
        String(
          format: "accuracy %.3f  IoU@0.5 %.3f  random %.3f",
          report.accuracy, report.iouAt50, report.randomBaseline))
    }
    return report.samples > 0 ? 0 : 1
  }
}
