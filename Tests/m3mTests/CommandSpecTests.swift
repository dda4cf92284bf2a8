import Foundation
import GraphStore
import Tasks
import TestSupport
import Testing

@testable import m3m

/// Every command's options: composed from shared groups without a name twice, documented,
/// format lists taken from the enums, `--task` an alias of `--tasks`, and `m3m --version`.
@Suite("Command specs")
struct CommandSpecTests {
  @Test("every command's spec: no option spelled twice, every option documented in its help")
  func everySpec() throws {
    #expect(M3M.commands.count == Set(M3M.commands.map { $0.spec.name }).count)
    for command in M3M.commands {
      let spec = command.spec
      #expect(CommandSpec.duplicateNames(in: spec.options).isEmpty, "\(spec.name)")
      for option in spec.options {
        #expect(!option.help.isEmpty, "\(spec.name) \(option.name)")
        #expect(option.name.text.hasPrefix("--"), "\(spec.name) \(option.name)")
        #expect(spec.helpText.contains("  \(option.name)"), "\(spec.name) \(option.name)")
      }
    }
  }

  @Test("composing a spec with a name twice is found (the spec's init refuses it)")
  func duplicates() {
    let db = CommandSpec.Option.graph()
    let tasks = CommandSpec.Option(name: "--tasks", value: "t", help: "x", aliases: ["--task"])
    let task = CommandSpec.Option(name: "--task", value: "t", help: "x")
    #expect(CommandSpec.duplicateNames(in: [db, .json("it"), db]) == [.db])
    #expect(CommandSpec.duplicateNames(in: [tasks, task]) == ["--task"])
    #expect(CommandSpec.duplicateNames(in: [.init(name: "--help", help: "x")]) == ["--help"])
    #expect(CommandSpec.duplicateNames(in: [db, tasks]).isEmpty)
  }

  @Test("corpus eval: --model once, --tasks with --task as an alias, lists from the enums")
  func corpusEval() throws {
    let help = try ProcessResult.run("m3m", ["corpus", "eval", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.components(separatedBy: "\n  --model ").count == 2)
    #expect(help.stdout.contains("--tasks t,…") && help.stdout.contains("(all). Also --task."))
    #expect(help.stdout.contains("Any of train, seen, unseen"))
    #expect(help.stdout.contains("builtin, openai"))
    let spec = CorpusEvalCommand.spec
    let parsed = try ParsedArguments(["--task", "grounding", "--model", "builtin"], spec: spec)
    #expect(parsed.value("--tasks") == "grounding")
    #expect(throws: UsageError.self) {
      try ParsedArguments(["--task", "grounding", "--tasks", "navigation"], spec: spec)
    }
    let model = try ParsedArguments(["--model", "gpt"], spec: spec)
    #expect {
      try ModelOptions.model(model, language: .en, command: spec.name)
    } throws: {
      "\($0)".contains("unknown --model 'gpt' (expected builtin, openai)")
    }
  }

  @Test("format lists in help come from the enums: ingest names every trace format")
  func formatLists() throws {
    let ingest = try ProcessResult.run("m3m", ["ingest", "--help"])
    for format in ["episode", "appagent", "mobile3m", "trace", "droidbot", "llamatouch"] {
      #expect(ingest.stdout.contains(format), "\(format)")
    }
    let export = try ProcessResult.run("m3m", ["export", "--help"])
    #expect(export.stdout.contains("dot, graphml, json"))
    let build = try ProcessResult.run("m3m", ["corpus", "build", "--help"])
    #expect(build.stdout.contains("qwen, llava") && build.stdout.contains("link, copy, none"))
  }

  @Test("a word outside an enum is a usage error listing the enum's cases")
  func badChoice() throws {
    let lang = try ProcessResult.run(
      "m3m", ["agent", "act", "--xml", "x.xml", "--goal", "g", "--lang", "fr"])
    #expect(lang.status == 2 && lang.stderr.contains("unknown --lang 'fr' (expected zh, en)"))
    let split = try ParsedArguments(["--split", "seen,dev"], spec: CorpusEvalCommand.spec)
    #expect {
      let _: Set<CorpusSplit>? = try split.choices("--split", command: "corpus eval")
    } throws: {
      "\($0)".contains("unknown --split value 'dev' (expected train, seen, unseen)")
    }
  }

  @Test("m3m --version and m3m version print the version and the graph schema")
  func version() throws {
    for spelling in ["--version", "version"] {
      let result = try ProcessResult.run("m3m", [spelling])
      #expect(result.status == 0)
      #expect(
        result.stdout
          == "m3m \(M3M.version) (graph schema \(GraphSchema.migrator.latestVersion))\n")
    }
    #expect(M3M.version.split(separator: ".").count == 3)
  }
}

/// The README's command table is the user's map of the CLI: it must name every command and every
/// option each one takes, so an option added to a spec and not to the table fails here.
@Suite("README command table")
struct ReadmeCommandTableTests {
  @Test("every command has a row, and its row names every option of its spec")
  func everyOption() throws {
    let readme = try String(
      contentsOf: Fixtures.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let rows = readme.split(separator: "\n").filter { $0.hasPrefix("| `m3m ") }
    for command in M3M.commands {
      let spec = command.spec
      let row = rows.first { $0.hasPrefix("| `m3m \(spec.name) ") }
      #expect(row != nil, "no README row for m3m \(spec.name)")
      guard let row else { continue }
      for option in spec.options {
        let mentioned = option.names.contains { name in
          row.range(of: "\(name.text)(?![a-z-])", options: .regularExpression) != nil
        }
        #expect(mentioned, "README row of m3m \(spec.name) lacks \(option.name)")
      }
    }
  }
}
