import Agent
import FileIO
import Foundation

/// `m3m agent score`: the scores of an `agent run` output.
enum AgentScoreCommand: Command {
  static let spec = CommandSpec(
    name: "agent score",
    abstract:
      "Score an agent run: type and step accuracy (AITW and element rules), text, episodes.",
    usage: "preds.jsonl [--json]",
    arguments: [("preds.jsonl", "The output of 'm3m agent run'.")],
    options: [.json("the scores")],
    discussion: """
      Step accuracy, AITW rule: taps inside the same annotation box enlarged 2.4× or within 0.14
      (normalised) of the gold point; swipes on the same axis; typed text not compared.
      Element rule: the tap inside the gold element; swipes in the same direction; typed text
      lenient. Episodes: complete match, partial match, goal progress (correct steps before the
      first error). Micro over steps, macro over sources. Unreadable answers count wrong.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    guard arguments.positionals.count == 1 else {
      throw UsageError(command: spec.name, message: "expected one preds.jsonl")
    }
    let path = arguments.positionals[0]
    let text = try InputFile.text(path)
    var records: [StepRecord] = []
    for (number, line) in text.split(separator: "\n").enumerated() {
      do {
        records.append(try JSONDecoder().decode(StepRecord.self, from: Data(line.utf8)))
      } catch {
        throw CommandFailure(
          "\(path):\(number + 1): not an agent step record (\(PlainErrorText.describe(error)))")
      }
    }
    let score = AgentScore(records)
    if arguments.flag(.json) {
      try Output.json(score)
    } else {
      printScore(score)
    }
    return 0
  }

  static func printScore(_ score: AgentScore) {
    func percent(_ value: Double?) -> String {
      value.map { String(format: "%.3f", $0) } ?? "—"
    }
    func row(_ name: String, _ steps: AgentScore.Steps) {
      Output.line(
        name.padding(toLength: 14, withPad: " ", startingAt: 0) + String(steps.count).leftPadded(6)
          + percent(steps.typeAccuracy).leftPadded(8)
          + percent(steps.stepAccuracyAITW).leftPadded(8)
          + percent(steps.stepAccuracyElement).leftPadded(9)
          + percent(steps.textStrict).leftPadded(8)
          + percent(steps.textLenient).leftPadded(8) + percent(steps.formatErrors).leftPadded(8)
          + percent(steps.fromMemory).leftPadded(8))
    }
    Output.line(
      "steps".padding(toLength: 14, withPad: " ", startingAt: 0) + "n".leftPadded(6)
        + "type".leftPadded(8) + "AITW".leftPadded(8) + "element".leftPadded(9)
        + "text=".leftPadded(8) + "text~".leftPadded(8) + "unread".leftPadded(8)
        + "memory".leftPadded(8))
    row("micro", score.micro)
    for (source, steps) in score.bySource.sorted(by: { $0.key < $1.key }) {
      row("  " + source, steps)
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
  }
}
