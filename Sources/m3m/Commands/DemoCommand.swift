import Agent
import Crawler
import Foundation
import GraphStore
import Models
import Tasks

/// `m3m demo`: the whole pipeline on a bundled simulated app.
enum DemoCommand: Command {
  static let spec = CommandSpec(
    name: "demo",
    abstract: "Crawl a bundled simulated app, query the graph, build a corpus, run the agent.",
    usage: "[--app graphs/shop.json] [--out DIR]",
    options: [
      .init(name: "--app", value: "APP.json", help: "The simulated app (graphs/shop.json)."),
      .init(
        name: "--out", value: "DIR", help: "Where the graph, screens and corpus go (out/demo)."),
    ],
    discussion: """
      Crawls the app to the end (back-navigation mode) into DIR/graph.sqlite, answers a
      leads-to and a path query for its deepest page, builds the MobileVLM corpora in English
      (DIR/corpus), runs the agent, with the graph as memory, on one recorded path, and lets it
      play three goals on the simulated app, with the graph as memory and without.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let appPath = arguments.value("--app") ?? "graphs/shop.json"
    let out = URL(fileURLWithPath: arguments.value("--out") ?? "out/demo")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let dbPath = out.appendingPathComponent("graph.sqlite").path

    Output.line("== 1. crawl \(appPath) (simulated device)")
    let device = try SimulatedDevice(definition: appPath)
    var options = ExplorerOptions()
    // A demo run starts afresh: only what an earlier demo made in DIR is removed, never the
    // rest of the folder.
    for made in [
      "graph.sqlite", "graph.sqlite-wal", "graph.sqlite-shm", "screens", "corpus", "play",
      "\(device.app.name)_graph_\(options.appID)",
    ] {
      try? FileManager.default.removeItem(at: out.appendingPathComponent(made))
    }
    options.useBack = true
    options.inputKeywords = device.app.keywords ?? []
    let db = try Database(path: dbPath)
    let crawl = try Explorer(
      device: device, package: device.app.package, name: device.app.name, database: db,
      work: out.appendingPathComponent("screens"), releaseDirectory: out, options: options
    ).run()
    Output.line(
      "   \(crawl.newPages) pages, \(crawl.visits) screens, \(crawl.actions) actions, "
        + "\(crawl.restarts) restarts (\(crawl.stoppedBecause))")
    Output.line(
      "   Mobile3M release layout: \(out.path)/\(device.app.name)_graph_\(options.appID)")
    let stats = try GraphStatistics(db)
    Output.line(
      "   graph: \(stats.uniquePages) unique pages, \(stats.uniqueEdges) edges, \(stats.visits) visits"
    )

    guard let deepest = try db.deepestPage() else {
      throw CommandFailure("the crawl recorded nothing")
    }
    let (target, name) = (deepest.page, deepest.name)
    Output.line("\n== 2. which elements lead to \(name) (page \(target))")
    for answer in try db.leadsTo(page: target, limit: 5) {
      Output.line(
        "   from page \(answer.fromPage) \(answer.fromName ?? ""): \(answer.actionType) "
          + Describe.element(answer.element) + " — \(answer.count)/\(answer.attempts)")
    }
    if let root = try db.launchPage(ofAppOf: target),
      let path = try db.shortestPaths(from: root, to: target, k: 1).first
    {
      Output.line("\n== 3. shortest path from the launch page (\(path.length) actions)")
      for (index, step) in path.steps.enumerated() {
        Output.line(
          "   \(index + 1). \(step.actionType) " + Describe.element(step.element)
            + " → page \(step.toPage)")
      }
    }

    Output.line("\n== 4. MobileVLM corpora (English templates) in \(out.path)/corpus")
    var corpusOptions = CorpusOptions()
    corpusOptions.language = .en
    let writer = try CorpusWriter(
      folder: out.appendingPathComponent("corpus"), format: .qwen, images: .link,
      inputs: [dbPath])
    let summary = try CorpusBuilder(database: db, options: corpusOptions).build {
      try writer.write($0)
    }
    try writer.finish(summary: summary, settings: ["lang": "en", "seed": "0"])
    for (task, splits) in summary.samples.sorted(by: { $0.key < $1.key }) {
      Output.line("   \(task): \(splits.values.reduce(0, +)) samples")
    }

    Output.line("\n== 5. the agent on one recorded path, with the graph as memory")
    // A path whose last action names where it goes (not "Back").
    guard
      let episode = try GraphEpisodes.episodes(in: db, language: .en, limit: 50).first(where: {
        !$0.goal.contains("Back")
      })
    else {
      Output.line("   no path of three pages or more was recorded")
      return 0
    }
    Output.line("   goal: \(episode.goal)")
    let policy = AgentPolicy(model: try BuiltinModel(language: .en), memory: db)
    let chosen = [episode]
    let records = try runBlocking { () -> [StepRecord] in
      var records: [StepRecord] = []
      try await AgentRunner.run(chosen, policy: policy) { records.append($0) }
      return records
    }
    // Judged twice: against the recorded path (element rule), and by the graph, where another
    // path to the same page counts.
    var judge = GraphJudge(database: db)
    let (judged, graphScore) = try judge.judge(records)
    for (record, graph) in zip(records, judged) {
      Output.line(
        "   step \(record.step + 1): \(describe(record.decision)) — gold "
          + describe(record.gold) + " — path: " + (record.match.element ? "right" : "wrong")
          + ", graph: \(graph.verdict.rawValue.replacingOccurrences(of: "_", with: " "))"
          + " (\(record.decision?.reason ?? record.error ?? ""))")
    }
    let score = AgentScore(records)
    Output.line(
      String(
        format: "   recorded path: step accuracy %.2f, goal progress %.2f",
        score.micro.stepAccuracyElement, score.goalProgress))
    Output.line(
      String(
        format: "   graph-aware:   step accuracy %.2f, goal progress %.2f, success %.2f "
          + "(%d step(s) not judged)", graphScore.micro.stepAccuracy, graphScore.goalProgress,
        graphScore.success, graphScore.micro.notJudged))
    try closedLoopPlay(appPath: appPath, graph: db, out: out)
    return 0
  }

  /// `tap on "Account"`, `type "shoes" on "Search"`, `swipe up`, `press_back`; `nothing`.
  static func describe(_ decision: AgentDecision?) -> String {
    guard let decision, let action = decision.action else { return "nothing" }
    let label = decision.element?.label ?? ""
    return describe(action) + (label.isEmpty ? "" : " on \"\(label)\"")
  }

  /// An action's kind, direction and text.
  static func describe(_ action: CanonicalAction) -> String {
    var text = action.kind.rawValue
    if let direction = action.direction { text += " \(direction.rawValue)" }
    if action.kind == .type || action.kind == .openApp { text += " \"\(action.text ?? "")\"" }
    return text
  }

  /// Step 6: the agent acting on the simulated app toward three goals drawn from the graph,
  /// with the graph as memory and without; success judged by page identity.
  static func closedLoopPlay(appPath: String, graph db: Database, out: URL) throws {
    Output.line("\n== 6. closed-loop play on the simulated app (m3m agent play)")
    guard let app = try db.apps().first else { return }
    let goals = try PlayGoal.draw(3, app: app.id, in: db, language: .en, seed: 0)
    let device = try SimulatedDevice(definition: appPath)
    let player = try ClosedLoopPlayer(
      device: device, package: device.app.package, reference: db,
      work: out.appendingPathComponent("play"), maxSteps: 6)
    let model = try BuiltinModel(language: .en)
    for (name, memory) in [("graph", db), ("none", nil) as (String, Database?)] {
      var outcomes: [PlayOutcome] = []
      for goal in goals {
        let policy = AgentPolicy(model: model, memory: memory)
        let outcome = try runBlocking {
          try await player.play(goal, policy: policy, memory: name) { _ in }
        }
        outcomes.append(outcome)
        Output.line(
          "   memory \(name): \"\(goal.instruction)\" (depth \(goal.depth)): "
            + (outcome.success ? "reached" : "missed") + " in \(outcome.steps) action(s), "
            + outcome.stoppedBecause)
      }
      let all = PlayReport(memory: name, outcomes: outcomes).all
      Output.line(
        "   memory \(name): " + String(format: "success %.2f, SPL %.2f", all.successRate, all.spl))
    }
  }
}
