import Agent
import Crawler
import FileIO
import Foundation
import GraphStore
import Models
import Tasks

/// What the agent remembers in `m3m agent play`.
enum PlayMemorySetting: String, OptionChoice {
  /// A crawl of the whole app (the reference graph itself).
  case crawl
  /// For each goal, a crawl that never acted on the element the goal names.
  case heldOut = "held-out"
  /// No graph: the model alone.
  case none
  /// The three in turn.
  case all
}

/// `m3m agent play`: the agent acting on a device, closed-loop, judged by the graph.
enum AgentPlayCommand: Command {
  static let spec = CommandSpec(
    name: "agent play",
    abstract:
      "Let the agent act on a device (simulated or adb) toward goals; success rate and SPL.",
    usage:
      "--device sim:graphs/X.json|adb[:SERIAL] (--goals N | --goal \"…\") [--seed S] "
      + "[--memory \(PlayMemorySetting.choiceBar) | --db MEMORY] [--model …] [--max-steps K] "
      + "--out RUN.jsonl [--json]",
    options: [
      .init(
        name: "--device", value: "DEVICE",
        help: "sim:APP.json (a simulated app from graphs/) or adb / adb:SERIAL."),
      .init(name: "--goals", value: "N", help: "Goals drawn from the app's pages (10)."),
      .init(name: "--goal", value: "TEXT", help: "One goal instead, naming an element of the app."),
      .init(name: "--seed", value: "S", help: "Seeds the goal draw and its templates (0)."),
      .init(
        name: "--memory", value: "M",
        help: PlayMemorySetting.choiceList
          + ": a crawl of the app, crawls that never reached each goal page, none, or all three "
          + "(crawl)."),
      .init(
        name: .db, value: "FILE",
        help:
          "sim: a graph to use as memory instead; adb: the app's crawl (goals, judging, memory)."
      ),
      .init(name: "--app", value: "PACKAGE", help: "adb: the package to play."),
      .init(name: "--name", value: "NAME", help: "adb: the app's name in the --db graph."),
      .init(name: "--max-steps", value: "K", help: "Actions per goal before giving up (10)."),
      .init(name: "--out", value: "RUN.jsonl", help: "One JSON line per step and per outcome."),
      .init(
        name: .lang, value: "L",
        help: "\(PromptTemplates.Language.choiceList): goal templates and target words (en)."),
      .json("the reports"),
    ] + ModelOptions.options,
    discussion: """
      On a simulated app the command first crawls the whole app (a temporary graph): goals are
      drawn from its pages (a navigation template naming the element whose action leads to the
      page, when that element leads nowhere else), and the screen the agent stops on is looked
      up in it with the ingest page-identity rule: the play succeeds when that is the goal page.
      SPL weighs each success by shortest path / max(actions taken, shortest path). Held-out
      memory crawls the app again for each goal, never acting on an element that carries the
      goal's words or the label of any element recorded leading to the goal page (the crawler's
      skip keywords); a goal whose page that crawl still reached (by identity) is left out of
      the held-out figures and counted. Over adb, --db is the app's
      crawl (goals are drawn from it and plays judged by it) and --app the package.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let deviceSpec = try arguments.required("--device", command: spec.name)
    let out = try arguments.required("--out", command: spec.name)
    let goalCount = try arguments.number("--goals", default: 10, atLeast: 1, command: spec.name)
    let seed: UInt64 = try arguments.number("--seed", default: 0, command: spec.name)
    let maxSteps = try arguments.number("--max-steps", default: 10, atLeast: 1, command: spec.name)
    let language = try arguments.choice(
      .lang, default: PromptTemplates.Language.en, command: spec.name)
    let chosenMemory = try arguments.choice("--memory", command: spec.name) as PlayMemorySetting?
    if arguments.value("--goal") != nil && arguments.value("--goals") != nil {
      throw UsageError(command: spec.name, message: "give --goals N or --goal TEXT, not both")
    }
    if let goal = arguments.value("--goal") {
      try LimitOptions.checkQueryLength(goal, name: "--goal", command: spec.name)
    }
    let model = try ModelOptions.model(
      arguments, language: language, command: spec.name, defaultModel: .builtin)
    let work = FileManager.default.temporaryDirectory.appendingPathComponent(
      "m3m-play-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }

    // The device, the reference graph (goals and judging) and the app in it.
    let device: any Device
    let package: String
    let reference: Database
    var definition: SimulatedDevice?
    // The run file is checked (never an input, a link or a device) before anything is played.
    let file = try OutputFile(
      path: out,
      inputs: arguments.all(.db)
        + (deviceSpec.hasPrefix("sim:") ? [String(deviceSpec.dropFirst(4))] : []))
    if deviceSpec.hasPrefix("sim:") {
      let path = String(deviceSpec.dropFirst(4))
      let sim = try SimulatedDevice(definition: path)
      if chosenMemory != nil && arguments.value(.db) != nil {
        throw UsageError(command: spec.name, message: "give --memory or --db, not both")
      }
      Output.error("crawling \(path) for the reference graph")
      reference = try PlayMemory.crawl(sim.app, folder: work, name: "reference")
      device = sim
      package = sim.app.package
      definition = sim
    } else if deviceSpec == "adb" || deviceSpec.hasPrefix("adb:") {
      package = try arguments.required("--app", command: spec.name)
      guard let db = arguments.value(.db) else {
        throw UsageError(
          command: spec.name,
          message: "over adb, --db must be a crawl of the app (goals are drawn from it)")
      }
      if chosenMemory == .heldOut || chosenMemory == .all {
        throw UsageError(
          command: spec.name,
          message: "--memory held-out crawls the app again per goal: it needs a sim: device")
      }
      reference = try GraphDatabase.openForReading(db)
      let adb = AdbDevice(
        serial: deviceSpec.hasPrefix("adb:") ? String(deviceSpec.dropFirst(4)) : nil)
      try adb.checkConnected()
      device = adb
    } else {
      throw UsageError(
        command: spec.name, message: "--device must be sim:APP.json, adb or adb:SERIAL")
    }
    let app = try appOfReference(
      reference, named: definition?.app.name ?? arguments.value("--name"), package: package)

    // The goals.
    var goals: [PlayGoal]
    if let instruction = arguments.value("--goal") {
      guard let goal = try PlayGoal.named(instruction, app: app.id, in: reference) else {
        throw CommandFailure(
          "--goal \"\(instruction)\": no recorded action of \(app.name) on an element of that "
            + "name leads to a page")
      }
      goals = [goal]
    } else {
      goals = try PlayGoal.draw(
        goalCount, app: app.id, in: reference, language: language, seed: seed)
    }
    guard !goals.isEmpty else {
      throw CommandFailure("\(app.name): no page of the graph can be a goal")
    }

    // The memory settings.
    var settings: [(name: String, memory: Database?)] = []
    var heldOut = false
    if let db = arguments.value(.db), definition != nil {
      settings = [(db, try GraphDatabase.openForReading(db))]
    } else {
      switch chosenMemory ?? .crawl {
      case .crawl: settings = [("crawl", reference)]
      case .none: settings = [("none", nil)]
      case .heldOut: heldOut = true
      case .all:
        settings = [("crawl", reference), ("none", nil)]
        heldOut = true
      }
    }

    let player = try ClosedLoopPlayer(
      device: device, package: package, reference: reference,
      work: work.appendingPathComponent("screens"), maxSteps: maxSteps)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let write: @Sendable (PlayRecord) throws -> Void = { record in
      try file.write(try encoder.encode(record) + Data("\n".utf8))
    }
    var reports: [PlayReport] = []
    let play = { (name: String, memory: (PlayGoal) throws -> (Database?, Bool?)) throws in
      var outcomes: [PlayOutcome] = []
      for goal in goals {
        let (db, held) = try memory(goal)
        let policy = AgentPolicy(model: model, memory: db)
        var outcome = try runBlocking {
          try await player.play(goal, policy: policy, memory: name) { try write(.step($0)) }
        }
        outcome.heldOut = held
        try write(.outcome(outcome))
        outcomes.append(outcome)
      }
      reports.append(PlayReport(memory: name, outcomes: outcomes))
    }
    for setting in settings where setting.name != "none" {
      try play(setting.name) { _ in (setting.memory, nil) }
    }
    if heldOut, let sim = definition {
      try play(PlayMemorySetting.heldOut.rawValue) { goal in
        let memory = try PlayMemory.crawl(
          sim.app, skipping: try PlayMemory.holdOutKeywords(for: goal, in: reference),
          folder: work, name: "held-out-\(goal.number)")
        return (memory, !(try PlayMemory.holds(goal.page, of: reference, in: memory)))
      }
    }
    if settings.contains(where: { $0.name == "none" }) {
      try play("none") { _ in (nil, nil) }
    }
    try file.commit()
    if arguments.flag(.json) {
      try Output.json(reports)
      return 0
    }
    Output.line(
      "\(app.name): \(goals.count) goal\(goals.count == 1 ? "" : "s")"
        + (arguments.value("--goal") == nil ? " (seed \(seed))" : "") + ", \(model.name), "
        + "at most \(maxSteps) actions each; reference graph: \(app.pages) pages")
    for report in reports {
      Output.line("memory \(report.memory): " + describe(report.all))
      for row in report.byDepth {
        Output.line("  depth \(row.depth ?? 0): " + describe(row))
      }
      if let left = report.notHeldOut, left > 0 {
        Output.line(
          "  (\(left) goal(s) left out: the held-out crawl reached their page another way)")
      }
    }
    return 0
  }

  static func describe(_ row: PlayReport.Row) -> String {
    String(
      format: "success %.2f (%d/%d), SPL %.2f, %.1f actions a goal, done said %d times",
      row.successRate, row.successes, row.goals, row.spl, row.meanSteps, row.saidDone)
  }

  /// The app of the reference graph that is played: the named one, else the only one, else the
  /// one named after the package's last part.
  static func appOfReference(_ reference: Database, named name: String?, package: String) throws
    -> AppSummary
  {
    let apps = try reference.apps()
    let wanted =
      name ?? (apps.count == 1 ? apps[0].name : nil)
      ?? package.split(separator: ".").last.map(String.init) ?? package
    guard let app = apps.first(where: { $0.name == wanted }) else {
      throw CommandFailure(
        "the graph has no app \(wanted) (it has \(apps.map(\.name).joined(separator: ", "))): "
          + "give --name")
    }
    return app
  }
}
