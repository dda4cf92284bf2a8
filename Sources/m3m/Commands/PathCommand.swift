import GraphStore

/// `m3m path`: the shortest action sequences from one page to another.
enum PathCommand: Command {
  static let spec = CommandSpec(
    name: "path",
    abstract: "The k shortest action paths from one page to another, replayable step by step.",
    usage: "FROM TO --db FILE [--k N] [--json]  |  --from-root TO --db FILE [--k N] [--json]",
    arguments: [
      ("FROM", "The start page: a page id, a Mobile3M page name or a visit record."),
      ("TO", "The page to reach, given the same way."),
    ],
    options: [
      .graph(),
      .init(name: "--k", value: "N", help: "Up to N alternative paths, shortest first (3)."),
      .init(name: "--from-root", help: "Start at TO's app launch page (give only TO)."),
      .json("the paths"),
    ],
    discussion: """
      Paths run over the unique-page graph, self-loops left out, and never visit a page twice.
      Each step is the action recorded most often between its two pages, with the element and
      its bounds (tap its centre to replay). Equal-length paths are ordered by page id.
      TO unreachable from FROM: a message and exit status 1.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let k = try arguments.number("--k", default: 3, atLeast: 1, command: spec.name)
    let db = try GraphDatabase.open(arguments, command: spec.name)
    guard k >= 1 else { throw UsageError(command: spec.name, message: "--k must be at least 1") }
    let source: Int64
    let target: Int64
    if arguments.flag("--from-root") {
      guard arguments.positionals.count == 1 else {
        throw UsageError(command: spec.name, message: "with --from-root give only TO")
      }
      target = try PageResolver.page(arguments.positionals[0], in: db)
      guard let root = try db.launchPage(ofAppOf: target) else {
        throw CommandFailure("no recorded session of page \(target)'s app starts anywhere")
      }
      source = root
    } else {
      guard arguments.positionals.count == 2 else {
        throw UsageError(command: spec.name, message: "expected FROM and TO")
      }
      source = try PageResolver.page(arguments.positionals[0], in: db)
      target = try PageResolver.page(arguments.positionals[1], in: db)
    }
    let paths = try db.shortestPaths(from: source, to: target, k: k)
    if arguments.flag(.json) {
      try Output.json(paths)
    } else if !paths.isEmpty {
      Output.line(
        "\(paths.count) path\(paths.count == 1 ? "" : "s") from page \(source) to page \(target):")
      for (number, path) in paths.enumerated() {
        Output.line(
          "path \(number + 1): \(path.length) action\(path.length == 1 ? "" : "s")")
        for (index, step) in path.steps.enumerated() {
          var action = step.actionType
          if let text = step.text { action += " \"\(text)\" into" }
          if let direction = step.direction { action += " \(direction)" }
          Output.line(
            "  \(index + 1). on page \(step.fromPage) \(step.fromName ?? ""): \(action) "
              + Describe.element(step.element) + " → page \(step.toPage)")
        }
      }
    }
    guard !paths.isEmpty else {
      Output.error("page \(target) cannot be reached from page \(source) in \(db.path)")
      return 1
    }
    return 0
  }
}
