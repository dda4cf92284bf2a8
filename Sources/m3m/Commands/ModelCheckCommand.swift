import FileIO
import Foundation
import Models
import Screenshots

/// `m3m model check`: whether a served model's taps land where m3m will read them, with its
/// `--coords` setting.
enum ModelCheckCommand: Command {
  static let spec = CommandSpec(
    name: "model check",
    abstract: "Send a generated screen with six known buttons; report whether the taps land.",
    usage:
      "--base-url URL --model-name NAME [--api-key-env VAR] [--timeout S] [--retries N] "
      + "[--coords \(CoordinateConvention.choiceBar)] [--coords-order xy|yx] "
      + "[--resize-max-pixels N] [--save-screen S.png] [--json]",
    options: ModelOptions.options.filter { !["--model", "--read"].contains($0.name) } + [
      .init(name: "--save-screen", value: "S.png", help: "Also write the screen sent, to look at."),
      .json("the report"),
    ],
    discussion: """
      The screen is 1080x2400, white, with six coloured buttons labelled ALPHA to FOXTROT
      spread over both axes. Each is asked for in turn ("Tap the red button labelled ALPHA");
      the answer is converted from --coords to pixels as every openai command does, and must
      fall inside the button. Exit status 0 when all six land, 1 otherwise: try another
      --coords (the README has a table for common GUI models).
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let model = try ModelOptions.openAI(arguments, command: spec.name)
    let png = try CoordinateCheck.screen().pngData()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "m3m-model-check-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let screen = folder.appendingPathComponent("screen.png").path
    guard FileManager.default.createFile(atPath: screen, contents: Data(png)) else {
      throw CommandFailure("cannot write the check screen to \(screen)")
    }
    if let path = arguments.value("--save-screen") { try OutputFile.write(png, to: path) }
    let report = try runBlocking { await CoordinateCheck.run(model, screenshot: screen) }
    if arguments.flag(.json) {
      try Output.json(report)
    } else {
      Output.line("\(report.model) on a \(report.screen) screen:")
      for outcome in report.outcomes {
        let point = outcome.point.map { "(\($0[0]),\($0[1]))" } ?? "no point read"
        Output.line(
          "  \(outcome.hit ? "hit " : "MISS") \(outcome.label.padding(toLength: 8, withPad: " ", startingAt: 0))"
            + " \(outcome.box)  \(point)  answer: \(outcome.answer.prefix(120))")
      }
      Output.line(
        "\(report.passed ? "pass" : "FAIL"): \(report.hits) of \(report.outcomes.count) taps landed"
          + (report.passed ? "" : "; try another --coords or --coords-order"))
    }
    return report.passed ? 0 : 1
  }
}
