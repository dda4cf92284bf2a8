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
      (DIR/corpus) and runs the agent, with the graph as memory, on one recorded path.
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
      "graph.sqlite", "graph.sqlite-wal", "graph.sqlite-shm", "screens", "corpus",
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
    for record in records {
      let action = record.decision?.action?.kind.rawValue ?? "nothing"
      let element = record.decision?.element?.label ?? ""
      Output.line(
        "   step \(record.step + 1): \(action) \(element) — gold \(record.gold.kind.rawValue) — "
          + (record.match.element ? "right" : "wrong")
          + " (\(record.decision?.reason ?? record.error ?? ""))")
    }
    let score = AgentScore(records)
    Output.line(
      String(
        format: "   step accuracy %.2f, goal progress %.2f", score.micro.stepAccuracyElement,
        score.goalProgress))
    return 0
  }
}
