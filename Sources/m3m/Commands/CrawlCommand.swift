import Crawler
import Foundation
import GraphStore

/// `m3m crawl`: explore an app on a device or a simulated app, recording into a graph.
enum CrawlCommand: Command {
  static let spec = CommandSpec(
    name: "crawl",
    abstract: "Explore an app (simulated, or a device over adb) and record it into a graph.",
    usage: "--device sim:graphs/X.json|adb[:SERIAL] [--app PACKAGE] [--name NAME] --db FILE "
      + "[--out DIR] "
      + "[--work DIR] [--max-depth 10] [--budget 2000] [--prefix P] [--exclude-prefix P] "
      + "[--actions-from BASE.sqlite] "
      + "[--use-back] [--flaky P] [--busy-timeout 30] [--json]\n"
      + "       m3m crawl --claims --db FILE [--json]\n"
      + "       m3m crawl --release-claims WORKER --db FILE",
    options: [
      .init(
        name: "--device", value: "D",
        help: "sim:APP.json (a simulated app from graphs/) or adb / adb:SERIAL."),
      .init(name: "--app", value: "PACKAGE", help: "The package to explore (sim: its own)."),
      .init(
        name: "--name", value: "NAME",
        help: "The app's name in the graph and in page names (sim: its own; adb: the "
          + "package's last part)."),
      .graph("The graph database (created or resumed)."),
      .init(
        name: "--out", value: "DIR",
        help: "Also write the crawl in the Mobile3M release layout (DIR/<name>_graph_<id>/)."),
      .init(name: "--app-id", value: "N", help: "The app's number in that folder name (8000)."),
      .init(name: "--work", value: "DIR", help: "Where screens are kept (FILE.screens)."),
      .init(name: "--max-depth", value: "N", help: "Deepest page expanded, root = 1 (10)."),
      .init(name: "--budget", value: "N", help: "Device actions in all, replays included (2000)."),
      .init(
        name: "--prefix", value: "P[,P…]",
        help: "Only these subtrees (page names such as notes0_2): one worker of several."),
      .init(
        name: "--exclude-prefix", value: "P[,P…]",
        help: "Leave these subtrees to other workers."),
      .init(
        name: "--actions-from", value: "BASE",
        help: "Number actions as that crawl did, so workers name its pages alike."),
      .init(name: "--use-back", help: "Faster: press back instead of restarting when it works."),
      .init(name: "--flaky", value: "P", help: "sim: share of actions that fail once (0)."),
      .init(
        name: "--keywords", value: "a,b", help: "Text typed into input fields (sim: the app's)."),
      .init(
        name: "--claims",
        help: "List the workers holding frontier pages: running or gone, last progress, pages."),
      .init(
        name: "--release-claims", value: "WORKER",
        help: "Free a hung worker's pages (its id from --claims) for the other workers."),
      GraphDatabase.busyTimeoutOption,
      .json("the summary (the claims)"),
    ],
    discussion: """
      Mobile3M's restart-and-replay: breadth-first to depth 3, random deeper, one new action
      per restart, every new screen identified with the ingest rule straight into the graph.
      The frontier is kept in the database: run the same command again to resume a killed
      crawl. Progress (actions, pages, edges, frontier, actions/s) goes to stderr.

      Pages are named by their action path from the launch page (notes0_2_5: action 2, then
      action 5; `all_action_id.json` in --out numbers the actions). Several devices crawl one
      app by subtrees: `--prefix notes0_2` on one, `--exclude-prefix notes0_2` on another.
      Given one --db (a PostgreSQL graph for workers on several hosts, or one SQLite file on
      one host), they crawl it together as one crawl: each claims the page it expands, action
      numbers come from the graph, and the pages of a worker that stops or dies are taken over
      (a PostgreSQL --db needs --work). A hung worker that still runs keeps its pages:
      `m3m crawl --claims --db DB` lists who holds what and their last progress, and
      `m3m crawl --release-claims WORKER --db DB` frees that worker's pages; should it wake
      up, its writes for them are rolled back and it goes on with other pages.
      Each with its own --db instead,
      `m3m merge A.sqlite B.sqlite --db ALL.sqlite` joins them into the graph one crawl would
      give. Workers number the launch page's actions alike; deeper down, separate databases
      number their own unless given --actions-from a base crawl (for a prefix two levels down
      or more: crawl a few levels first, then start the workers from its numbers, or on it).
      The merge joins pages by content, not by name.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    if let status = try runClaims(arguments) { return status }
    let deviceSpec = try arguments.required("--device", command: spec.name)
    let dbPath = try arguments.required("--db", command: spec.name)
    var options = ExplorerOptions()
    options.maxDepth = try arguments.number(
      "--max-depth", default: 10, atLeast: 1, command: spec.name)
    options.budget = try arguments.number("--budget", default: 2000, atLeast: 1, command: spec.name)
    options.useBack = arguments.flag("--use-back")
    let device: any Device
    let package: String
    var name: String
    if deviceSpec.hasPrefix("sim:") {
      let sim = try SimulatedDevice(
        definition: String(deviceSpec.dropFirst(4)),
        flakiness: try arguments.number("--flaky", default: 0.0, atLeast: 0.0, command: spec.name))
      device = sim
      package = arguments.value("--app") ?? sim.app.package
      name = sim.app.name
      options.inputKeywords = sim.app.keywords ?? []
    } else if deviceSpec == "adb" || deviceSpec.hasPrefix("adb:") {
      package = try arguments.required("--app", command: spec.name)
      device = AdbDevice(
        serial: deviceSpec.hasPrefix("adb:") ? String(deviceSpec.dropFirst(4)) : nil)
      name = package.split(separator: ".").last.map(String.init) ?? package
    } else {
      throw UsageError(
        command: spec.name, message: "--device must be sim:APP.json, adb or adb:SERIAL")
    }
    if let given = arguments.value("--name") {
      // Page names are the app name, 0, then `_<number>` per step (Mobile3M's readers split
      // them on `_`).
      guard !given.isEmpty, !given.contains("_"), !given.contains("/") else {
        throw UsageError(
          command: spec.name, message: "--name \(given): use letters and digits, no _ or /")
      }
      name = given
    }
    options.appID = try arguments.number("--app-id", default: 8000, atLeast: 0, command: spec.name)
    options.prefixes = try prefixes("--prefix", of: name, arguments)
    options.excludedPrefixes = try prefixes("--exclude-prefix", of: name, arguments)
    if let keywords = arguments.value("--keywords") {
      options.inputKeywords = keywords.split(separator: ",").map(String.init)
    }
    // A base crawl's action numbers, checked before anything is written.
    let base = try arguments.value("--actions-from").map { path in
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
        !isDirectory.boolValue
      else {
        throw CommandFailure("--actions-from \(path): no such crawl database")
      }
      return (path, try GraphDatabase.openForReading(path))
    }
    let busyTimeout = try GraphDatabase.busyTimeout(arguments, command: spec.name)
    // A server's graph has no folder beside it: each worker names where it keeps its screens.
    guard arguments.value("--work") != nil || DatabaseEngine(location: dbPath) == .sqlite else {
      throw UsageError(
        command: spec.name,
        message: "a PostgreSQL --db needs --work DIR, the folder where this worker keeps its "
          + "screens (the graph records their paths)")
    }
    let work = URL(fileURLWithPath: arguments.value("--work") ?? dbPath + ".screens")
    let summary = try GraphDatabase.writing(dbPath, busyTimeout: busyTimeout) { db in
      let explorer = try Explorer(
        device: device, package: package, name: name, database: db, work: work,
        releaseDirectory: arguments.value("--out").map { URL(fileURLWithPath: $0) },
        options: options)
      if let (path, database) = base {
        try explorer.adoptActionNumbers(from: database, path: path)
      }
      let start = Date()
      return try explorer.run(
        progress: { progress in
          let rate = Double(progress.actions) / max(0.001, Date().timeIntervalSince(start))
          Output.error(
            "  actions \(progress.actions), pages \(progress.newPages), "
              + "edges \(progress.newEdges), visits \(progress.visits), "
              + "frontier \(progress.frontier), " + String(format: "%.0f actions/s", rate))
        },
        onDiscard: { lost in Output.error("  \(lost)") })
    }
    if arguments.flag(.json) {
      try Output.json(summary)
    } else {
      Output.line(
        "\(name): \(summary.newPages) new pages, \(summary.newEdges) new edges, "
          + "\(summary.visits) screens, \(summary.actions) actions, "
          + "\(summary.restarts) restarts, \(summary.retries) retries, frontier \(summary.frontier) "
          + "(\(summary.stoppedBecause))")
    }
    if let out = arguments.value("--out") {
      Output.error("release layout: \(out)/\(name)_graph_\(options.appID)")
    }
    return 0
  }

  /// A comma-separated list of page names, each a name of this app's crawl (`<name>0…`).
  static func prefixes(_ option: OptionName, of name: String, _ arguments: ParsedArguments) throws
    -> [String]
  {
    guard let value = arguments.value(option) else { return [] }
    let names = value.split(separator: ",").map(String.init)
    let root = "\(name)0"
    for prefix in names {
      let trimmed = ExplorerOptions.pageName(ofPrefix: prefix)
      let rest = trimmed.dropFirst(root.count).split(
        separator: "_", omittingEmptySubsequences: false)
      guard prefix.hasPrefix(root), rest.dropFirst().allSatisfy({ Int($0) != nil }),
        rest.first?.isEmpty ?? true
      else {
        throw UsageError(
          command: spec.name,
          message:
            "\(option) \(prefix): not a page name of \(name) (\(root), \(root)_3, \(root)_3_1, …)")
      }
    }
    return names
  }
}
