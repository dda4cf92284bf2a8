import FileIO
import Foundation
import GraphStore

#if canImport(Glibc)
  import Glibc
#endif

/// The `m3m` command line: a table of sub-commands and the dispatch between them.
enum M3M {
  /// m3m's version, as `m3m --version` prints it.
  static let version = "0.14.0"

  /// The `--version` line: the version and the graph schema this build writes.
  static var versionLine: String {
    "m3m \(version) (graph schema \(GraphSchema.migrator.latestVersion))"
  }

  static let commands: [any Command.Type] = [
    InspectCommand.self,
    IngestCommand.self,
    StatsCommand.self,
    SynthCommand.self,
    LeadsToCommand.self,
    PathCommand.self,
    SearchCommand.self,
    ExportCommand.self,
    ShowCommand.self,
    CorpusBuildCommand.self,
    CorpusEvalCommand.self,
    CorpusCheckCommand.self,
    CorpusRefExpCommand.self,
    AgentActCommand.self,
    AgentRunCommand.self,
    AgentScoreCommand.self,
    ModelCheckCommand.self,
    AgentPlayCommand.self,
    CrawlCommand.self,
    MergeCommand.self,
    CopyCommand.self,
    DemoCommand.self,
    ServeCommand.self,
    OCRCommand.self,
  ]

  /// Commands that are designed but not built yet: they say so instead of pretending.
  static let plannedCommands: [(name: String, what: String)] = []

  static func topLevelHelp() -> String {
    var lines = [
      "OVERVIEW: m3m turns Android UI traces into a page-transition graph and puts a UI model and",
      "an agent on top of it.",
      "",
      "USAGE: m3m <command> [options]   (m3m <command> --help for details)",
      "       m3m --version",
      "",
      "COMMANDS:",
    ]
    for command in commands {
      lines.append("  " + column(command.spec.name) + command.spec.abstract)
    }
    if !plannedCommands.isEmpty { lines += ["", "NOT BUILT YET (each says so when called):"] }
    for planned in plannedCommands {
      lines.append("  " + column(planned.name) + planned.what)
    }
    return lines.joined(separator: "\n")
  }

  /// `name` cut or padded with spaces to the 15 characters of the help's first column (in
  /// Swift: Foundation's `padding(toLength:withPad:startingAt:)` bridges through NSString,
  /// which took about 1 % of `m3m --help`'s CPU time).
  private static func column(_ name: String) -> String {
    let width = 15
    return String(name.prefix(width)) + String(repeating: " ", count: max(0, width - name.count))
  }

  static func main() -> Int32 {
    // A write to a closed pipe or past a file-size limit fails with EPIPE or EFBIG (reported
    // with the file's name) instead of killing the process with a signal.
    signal(SIGPIPE, SIG_IGN)
    signal(SIGXFSZ, SIG_IGN)
    let status = dispatch()
    // A failed line of output is reported once, unless the command failed and said why.
    if status == 0, let failure = Output.standardOutputFailure {
      Output.error("m3m: \(failure)")
      return 1
    }
    return status
  }

  static func dispatch() -> Int32 {
    var arguments = Array(CommandLine.arguments.dropFirst())
    guard var name = arguments.first else {
      Output.error(topLevelHelp())
      return 2
    }
    arguments.removeFirst()
    if name == "--help" || name == "-h" || name == "help" {
      Output.line(topLevelHelp())
      return 0
    }
    if name == "--version" || name == "version" {
      Output.line(versionLine)
      return 0
    }
    // Two-word commands (`corpus build`) take the next argument as part of their name.
    if !commands.contains(where: { $0.spec.name == name }), let next = arguments.first,
      commands.contains(where: { $0.spec.name == name + " " + next })
    {
      name += " " + next
      arguments.removeFirst()
    }
    guard let command = commands.first(where: { $0.spec.name == name }) else {
      let group = commands.map { $0.spec.name }.filter { $0.hasPrefix(name + " ") }
      if !group.isEmpty {
        Output.error(
          "m3m \(name): expected one of: \(group.joined(separator: ", ")) (see 'm3m --help')")
        return 2
      }
      if let planned = plannedCommands.first(where: { $0.name == name }) {
        Output.error("m3m \(planned.name): not built yet (\(planned.what)).")
        return 1
      }
      Output.error("m3m: unknown command '\(name)' (see 'm3m --help')")
      return 2
    }
    if arguments.contains("--help") || arguments.contains("-h") {
      Output.line(command.spec.helpText)
      return 0
    }
    do {
      let parsed = try ParsedArguments(arguments, spec: command.spec)
      return try command.run(parsed)
    } catch let error as UsageError {
      Output.error(error.description)
      return 2
    } catch {
      Output.error("m3m \(name): \(PlainErrorText.describe(error))")
      return 1
    }
  }

}
