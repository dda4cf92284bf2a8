import Agent
import FileIO
import Foundation
import GraphStore
import Models
import Tasks

/// `m3m agent run`: the agent over recorded sessions, one prediction per step.
enum AgentRunCommand: Command {
  static let spec = CommandSpec(
    name: "agent run",
    abstract: "Run the agent over recorded sessions (offline) and write one prediction per step.",
    usage:
      "(--episodes PATH | --from-graph) [--db FILE] [--no-memory] [--model …] --out preds.jsonl "
      + "[--limit N]",
    options: [
      .init(
        name: "--episodes", value: "PATH",
        help:
          "InterDroid, LlamaTouch, AppAgent or m3m trace folders, AitZ episode JSON, or a folder "
          + "of them."
      ),
      .init(
        name: "--from-graph", help: "Episodes from the --db graph's recorded paths (Mobile3M)."),
      .graph("A graph: memory for the agent (and --from-graph)."),
      .init(name: "--no-memory", help: "Do not use the graph as memory."),
      .init(name: "--out", value: "FILE", help: "One JSON line per step."),
      .init(name: .limit, value: "N", help: "At most N episodes (100 from a graph)."),
      .init(
        name: .lang, value: "L",
        help: "\(PromptTemplates.Language.choiceList): goal templates and target words (zh)."),
    ] + ModelOptions.options,
    discussion: """
      AppAgent task folders are a model's recorded run: their actions are the reference (each
      line says "demonstrator": "model"), not a person's. Score the output with
      'm3m agent score' (with --db, by the graph too). Each line holds the gold action, the decision
      (action, element, confidence, reason, whether the graph decided) and the element boxes
      around the gold point that the matching rules need.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let out = try arguments.required("--out", command: spec.name)
    let file = try OutputFile(
      path: out, inputs: arguments.all(.db) + arguments.all("--episodes"))
    let limit = try arguments.number(.limit, default: 100, atLeast: 1, command: spec.name)
    let language = try arguments.choice(
      .lang, default: PromptTemplates.Language.zh, command: spec.name)
    var episodes: [Episode]
    if arguments.flag("--from-graph") {
      let db = try GraphDatabase.open(arguments, command: spec.name)
      episodes = try GraphEpisodes.episodes(in: db, language: language, limit: limit)
    } else if let path = arguments.value("--episodes") {
      episodes = Array(try EpisodeLoader.load(path).prefix(limit))
    } else {
      throw UsageError(command: spec.name, message: "give --episodes PATH or --from-graph")
    }
    guard !episodes.isEmpty else { throw CommandFailure("no episodes found") }
    let (policy, model) = try AgentCommandSupport.policyAndModel(
      arguments, command: spec.name, memory: !arguments.flag("--no-memory"))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let total = episodes.reduce(0) { $0 + $1.steps.count }
    Output.error("\(episodes.count) episodes, \(total) steps")
    let chosen = episodes
    let records = try runBlocking { () -> [StepRecord] in
      var records: [StepRecord] = []
      try await AgentRunner.run(chosen, policy: policy) { record in
        try file.write(try encoder.encode(record) + Data("\n".utf8))
        records.append(record)
      }
      return records
    }
    try file.commit()
    // After the run: the built-in model's name says which inputs it read.
    Output.line("model: \(model.name)")
    AgentScoreCommand.printScore(AgentScore(records))
    return 0
  }
}
