import FileIO
import Foundation
import SyntheticApps

/// `m3m synth`: a Mobile3M-layout dataset from a synthetic app definition.
enum SynthCommand: Command {
  static let spec = CommandSpec(
    name: "synth",
    abstract: "Write a deterministic Mobile3M-layout dataset from graphs/*.json.",
    usage: "APP.json... --out DIR [--max-depth 4] [--app-id 8000]",
    arguments: [("APP.json...", "Synthetic app definitions (see graphs/).")],
    options: [
      .init(name: "--out", value: "DIR", help: "Where the <app>_graph_<id>/ folders go."),
      .init(name: "--max-depth", value: "N", help: "Expand pages down to this depth (root = 1)."),
      .init(name: "--app-id", value: "N", help: "The first app's id; the next apps count up."),
    ])

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    guard !arguments.positionals.isEmpty else {
      throw UsageError(command: spec.name, message: "expected at least one APP.json")
    }
    let out = try arguments.required("--out", command: spec.name)
    let maxDepth = try arguments.number("--max-depth", default: 4, atLeast: 1, command: spec.name)
    var appID = try arguments.number("--app-id", default: 8000, atLeast: 0, command: spec.name)
    for path in arguments.positionals {
      let data = try InputFile.contents(path)
      let app: AppDefinition
      do {
        app = try JSONDecoder().decode(AppDefinition.self, from: data)
      } catch {
        throw CommandFailure(
          "\(path): not an app definition: \(PlainErrorText.describe(error))")
      }
      try app.validate(source: path)
      var writer = Mobile3MDatasetWriter(app: app)
      writer.maxDepth = maxDepth
      writer.appID = appID
      let summary = try writer.write(to: out)
      Output.line(
        "\(summary.folder): \(summary.pages) pages, \(summary.uniquePages) unique, "
          + "\(summary.actions) actions")
      appID += 1
    }
    return 0
  }
}
