import Agent
import FileIO
import Foundation

/// `m3m agent score`: the scores of an `agent run` output.
enum AgentScoreCommand: Command {
  static let spec = CommandSpec(
    name: "agent score",
    abstract:
      "Score an agent run: type and step accuracy (AITW and element rules), text, episodes; "
      + "with a graph, graph-aware scores beside them.",
    usage: "preds.jsonl [--db GRAPH] [--json]",
    arguments: [("preds.jsonl", "The output of 'm3m agent run'.")],
    options: [
      .graph("A graph of the app: judge steps by it too (alternative paths count)."),
      .json("the scores"),
    ],
    discussion: """
      Step accuracy, AITW rule: taps inside the same annotation box enlarged 2.4× or within 0.14
      (normalised) of the gold point; swipes on the same axis; typed text not compared.
      Element rule: the tap inside the gold element; swipes in the same direction; typed text
      lenient. Episodes: complete match, partial match, goal progress (correct steps before the
      first error). Micro over steps, macro over sources. Unreadable answers count wrong.
      With --db, a step is also right when its action's recorded edge from the current page
      leads to the gold next page or to a page strictly closer (shortest distance) to the goal
      page (where the recorded session ended); an episode succeeds when the goal page is
      reached. A step whose action has no recorded edge is "not judged", never right.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    guard arguments.positionals.count == 1 else {
      throw UsageError(command: spec.name, message: "expected one preds.jsonl")
    }
    let path = arguments.positionals[0]
    let text = try InputFile.text(path)
    var records: [StepRecord] = []
    // Lines as they are in the file (blank ones skipped, not renumbered); split on the byte so
    // that a CRLF line ends too (a String sees "\r\n" as one character, not as a "\n").
    let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
    for (index, line) in lines.enumerated() {
      guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) else { continue }
      do {
        records.append(try JSONDecoder().decode(StepRecord.self, from: Data(line)))
      } catch {
        throw CommandFailure(
          "\(path):\(index + 1): not an agent step record (\(PlainErrorText.describe(error)))")
      }
    }
    var score = AgentScore(records)
    if arguments.value(.db) != nil {
      var judge = GraphJudge(database: try GraphDatabase.open(arguments, command: spec.name))
      score.graph = try judge.judge(records).score
    }
    if arguments.flag(.json) {
      try Output.json(score)
    } else {
      printScore(score)
    }
    return 0
  }

  static func printScore(_ score: AgentScore) {
    let graph = score.graph
    func percent(_ value: Double?) -> String {
      value.map { String(format: "%.3f", $0) } ?? "—"
    }
    func row(_ name: String, _ steps: AgentScore.Steps, _ judged: GraphScore.Steps?) {
      Output.line(
        name.padding(toLength: 14, withPad: " ", startingAt: 0) + String(steps.count).leftPadded(6)
          + percent(steps.typeAccuracy).leftPadded(8)
          + percent(steps.stepAccuracyAITW).leftPadded(8)
          + percent(steps.stepAccuracyElement).leftPadded(9)
          + percent(steps.textStrict).leftPadded(8)
          + percent(steps.textLenient).leftPadded(8) + percent(steps.formatErrors).leftPadded(8)
          + percent(steps.fromMemory).leftPadded(8)
          + (judged.map {
            percent($0.stepAccuracy).leftPadded(8) + String($0.notJudged).leftPadded(10)
          } ?? ""))
    }
    Output.line(
      "steps".padding(toLength: 14, withPad: " ", startingAt: 0) + "n".leftPadded(6)
        + "type".leftPadded(8) + "AITW".leftPadded(8) + "element".leftPadded(9)
        + "text=".leftPadded(8) + "text~".leftPadded(8) + "unread".leftPadded(8)
        + "memory".leftPadded(8)
        + (graph == nil ? "" : "graph".leftPadded(8) + "unjudged".leftPadded(10)))
    row("micro", score.micro, graph?.micro)
    for (source, steps) in score.bySource.sorted(by: { $0.key < $1.key }) {
      row("  " + source, steps, graph?.bySource[source])
    }
    Output.line(
      String(
        format: "macro over sources: AITW %.3f, element %.3f", score.macroStepAccuracyAITW,
        score.macroStepAccuracyElement))
    Output.line(
      String(
        format:
          "episodes %d: complete match %.3f (AITW rule %.3f), partial match %.3f, goal progress %.3f",
        score.episodes, score.completeMatch, score.completeMatchAITW, score.partialMatch,
        score.goalProgress))
    guard let graph else { return }
    let reasons = graph.notJudgedBecause.sorted { $0.key < $1.key }
      .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    Output.line(
      String(
        format: "graph-aware: step accuracy %.3f (right %d, wrong %d, not judged %d",
        graph.micro.stepAccuracy, graph.micro.right, graph.micro.wrong, graph.micro.notJudged)
        + (reasons.isEmpty ? ")" : ": " + reasons + ")"))
    Output.line(
      String(
        format: "graph-aware episodes %d: success %.3f, goal progress %.3f", graph.episodes,
        graph.success, graph.goalProgress))
  }
}
