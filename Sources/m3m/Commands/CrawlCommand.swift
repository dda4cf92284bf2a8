import Crawler
import Foundation
import GraphStore

/// `m3m crawl`: explore an app on a device or a simulated app, recording into a graph.
enum CrawlCommand: Command {
  static let spec = CommandSpec(
    name: "crawl",
    abstract: "Explore an app (simulated, or a device over adb) and record it into a graph.",
    usage: "--device sim:graphs/X.json|adb[:SERIAL] [--app PACKAGE] --db FILE [--work DIR] "
      + "[--max-depth 10] [--budget 2000] [--use-back] [--flaky P] [--json]",
    options: [
      .init(
        name: "--device", value: "D",
        help: "sim:APP.json (a simulated app from graphs/) or adb / adb:SERIAL."),
      .init(name: "--app", value: "PACKAGE", help: "The package to explore (sim: its own)."),
      .init(name: "--db", value: "FILE", help: "The graph database (created or resumed)."),
      .init(name: "--work", value: "DIR", help: "Where screens are kept (FILE.screens)."),
      .init(name: "--max-depth", value: "N", help: "Deepest page expanded, root = 1 (10)."),
      .init(name: "--budget", value: "N", help: "Device actions in all, replays included (2000)."),
      .init(name: "--use-back", help: "Faster: press back instead of restarting when it works."),
      .init(name: "--flaky", value: "P", help: "sim: share of actions that fail once (0)."),
      .init(
        name: "--keywords", value: "a,b", help: "Text typed into input fields (sim: the app's)."),
      .init(name: "--json", help: "Print the summary as JSON."),
    ],
    discussion: """
      Mobile3M's restart-and-replay: breadth-first to depth 3, random deeper, one new action
      per restart, every new screen identified with the ingest rule straight into the graph.
      The frontier is kept in the database: run the same command again to resume a killed
      crawl. Progress (actions, pages, frontier, actions/s) goes to stderr.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let deviceSpec = try arguments.required("--device", command: spec.name)
    let dbPath = try arguments.required("--db", command: spec.name)
    var options = ExplorerOptions()
    options.maxDepth = try arguments.number("--max-depth", default: 10, command: spec.name)
    options.budget = try arguments.number("--budget", default: 2000, command: spec.name)
    options.useBack = arguments.flag("--use-back")
    let device: any Device
    let package: String
    let name: String
    if deviceSpec.hasPrefix("sim:") {
      let sim = try SimulatedDevice(
        definition: String(deviceSpec.dropFirst(4)),
        flakiness: try arguments.number("--flaky", default: 0.0, command: spec.name))
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
    if let keywords = arguments.value("--keywords") {
      options.inputKeywords = keywords.split(separator: ",").map(String.init)
    }
    let work = URL(fileURLWithPath: arguments.value("--work") ?? dbPath + ".screens")
    let db = try Database(path: dbPath)
    let explorer = try Explorer(
      device: device, package: package, name: name, database: db, work: work, options: options)
    let start = Date()
    let summary = try explorer.run { progress in
      let rate = Double(progress.actions) / max(0.001, Date().timeIntervalSince(start))
      Output.error(
        "  actions \(progress.actions), pages \(progress.newPages), visits \(progress.visits), "
          + "frontier \(progress.frontier), " + String(format: "%.0f actions/s", rate))
    }
    if arguments.flag("--json") {
      try Output.json(summary)
    } else {
      Output.line(
        "\(name): \(summary.newPages) new pages, \(summary.visits) screens, \(summary.actions) actions, "
          + "\(summary.restarts) restarts, \(summary.retries) retries, frontier \(summary.frontier) "
          + "(\(summary.stoppedBecause))")
    }
    return 0
  }
}
