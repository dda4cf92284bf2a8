import FileIO
import Foundation
import GraphStore
import Tasks

/// `m3m corpus check`: flags the answers in a predictions file that the graph's pages prove
/// made up, and gives a hallucination rate per task beside the accuracy.
enum CorpusCheckCommand: Command {
  static let spec = CommandSpec(
    name: "corpus check",
    abstract: "Flag made-up texts, boxes and actions in a model's answers (hallucination rate).",
    usage: "PREDS.jsonl --db FILE [--json]",
    arguments: [
      (
        "PREDS.jsonl",
        "Predictions, one JSON object a line, as 'corpus eval' writes them: task, prediction, "
          + "page (parentPage for action-prediction), and target or scores for the accuracy."
      )
    ],
    options: [.graph("The graph the samples were built from."), .json("the report")],
    discussion: """
      Each answer is checked against the page it is about (for action prediction, the first
      page), as recorded in the graph (every visit's dump): a <ref> text the page does not show,
      a box written with a <ref> text that holds no element showing it, an action (click, input,
      scroll) that is not in the page's action space, an action word a Mobile3M action space
      does not have (type, press). Texts match leniently: part of a shown text is shown.
      Accuracy: iou@0.5 (grounding), f1 (element list, action space), exact_acc (actions),
      from the record's scores or computed from its target. A line that cannot be checked (not
      JSON, no page, an unknown page, an unreadable dump) is reported with its file and line
      number and skipped; the command then exits 1 after the report.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    guard arguments.positionals.count == 1 else {
      throw UsageError(command: spec.name, message: "expected one PREDS.jsonl")
    }
    let db = try GraphDatabase.open(arguments, command: spec.name)
    var check = HallucinationCheck(database: db)
    let report = try check.run(path: arguments.positionals[0])
    for error in report.errors { Output.error("m3m \(spec.name): \(error)") }
    if arguments.flag(.json) {
      try Output.json(report)
    } else {
      printTable(report)
    }
    return report.errors.isEmpty ? 0 : 1
  }

  static func printTable(_ report: HallucinationReport) {
    let kinds = HallucinationFinding.Kind.allCases
    Output.line(
      "task".padding(toLength: 20, withPad: " ", startingAt: 0) + "n".leftPadded(6)
        + "made-up".leftPadded(9) + "rate".leftPadded(8) + "text".leftPadded(7)
        + "box".leftPadded(7) + "action".leftPadded(8) + "   accuracy")
    for task in TaskKind.allCases {
      guard let row = report.tasks[task.rawValue] else { continue }
      let accuracy = row.accuracy.map { String(format: "%.3f", $0) } ?? "—"
      Output.line(
        task.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)
          + String(row.records).leftPadded(6) + String(row.hallucinated).leftPadded(9)
          + String(format: "%.3f", row.rate).leftPadded(8)
          + zip(kinds, [7, 7, 8]).map { String(row.byKind[$0.rawValue] ?? 0).leftPadded($1) }
          .joined()
          + "   \(accuracy) (\(row.accuracyMetric))")
    }
    Output.line(
      "\(report.hallucinated) of \(report.records) answers hold a made-up part "
        + "(text: a <ref> text not on the page; box: a box without that text; action: not in "
        + "the page's action space)")
    for example in report.examples.prefix(5) {
      let name = example.id.map { "\($0), " } ?? ""
      Output.line(
        "  line \(example.line) (\(name)page \(example.page)): "
          + example.findings.map(\.detail).joined(separator: "; "))
    }
    if !report.errors.isEmpty {
      Output.line("\(report.errors.count) lines could not be checked (see above)")
    }
  }
}
