import GraphStore

/// `m3m leads-to`: which elements, on which pages, lead to a page.
enum LeadsToCommand: Command {
  static let spec = CommandSpec(
    name: "leads-to",
    abstract: "Every element, on every page, whose action leads to PAGE, best first.",
    usage: "PAGE --db FILE [--limit N] [--json]  |  --text TEXT --db FILE [--limit N] [--json]",
    arguments: [("PAGE", "A page id, a Mobile3M page name (ctrip0_1_36) or a visit record.")],
    options: [
      .init(name: "--db", value: "FILE", help: "The graph database."),
      .init(name: "--text", value: "TEXT", help: "The page is the best page showing TEXT."),
      .init(name: "--limit", value: "N", help: "At most N answers (20)."),
      .init(name: "--json", help: "Print the answers as JSON."),
    ],
    discussion: """
      Ranked by the number of recorded transitions that reached the page, then by reliability
      (the share of attempts of that action, from that page, that reached it). Page given as an
      XML dump (--dump) is not built yet.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let db = try Database(path: try arguments.required("--db", command: spec.name), mode: .readOnly)
    let limit = try arguments.number("--limit", default: 20, command: spec.name)
    let page: Int64
    if let text = arguments.value("--text") {
      guard let found = try db.pages(containing: text, limit: 1).first else {
        throw CommandFailure("no page shows \"\(text)\"")
      }
      page = found
    } else {
      guard arguments.positionals.count == 1, let spec = arguments.positionals.first else {
        throw UsageError(command: Self.spec.name, message: "expected one PAGE (or --text)")
      }
      guard let found = try db.resolvePage(spec) else {
        let near = try db.nearestPageNames(to: spec)
        throw CommandFailure(
          "no page '\(spec)' in the graph"
            + (near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?"))
      }
      page = found
    }
    let answers = try db.leadsTo(page: page, limit: limit)
    if arguments.flag("--json") {
      try Output.json(answers)
      return 0
    }
    guard !answers.isEmpty else {
      Output.line("nothing recorded leads to page \(page)")
      return 0
    }
    Output.line("page \(page) is reached by:")
    for answer in answers {
      let element =
        answer.element.map {
          let label =
            !$0.text.isEmpty
            ? $0.text : (!$0.contentDescription.isEmpty ? $0.contentDescription : $0.resourceID)
          return "\"\(label)\" \($0.className.split(separator: ".").last ?? "") \($0.bounds ?? "")"
        } ?? "(element unknown)"
      Output.line(
        "  from page \(answer.fromPage) \(answer.fromName ?? ""): \(answer.actionType) \(element)"
          + " — \(answer.count)/\(answer.attempts) (\(Int((answer.reliability * 100).rounded()))%)")
    }
    return 0
  }
}
