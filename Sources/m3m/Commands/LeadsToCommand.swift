import GraphStore

/// `m3m leads-to`: which elements, on which pages, lead to a page.
enum LeadsToCommand: Command {
  static let spec = CommandSpec(
    name: "leads-to",
    abstract: "Every element, on every page, whose action leads to PAGE, best first.",
    usage: "(PAGE | --text TEXT | --dump DUMP.xml [--screenshot S.png]) --db FILE [--limit N] "
      + "[--json]",
    arguments: [("PAGE", "A page id, a Mobile3M page name (ctrip0_1_36) or a visit record.")],
    options: [
      .graph(),
      .init(name: "--limit", value: "N", help: "At most N answers (20)."),
      .json("the answers"),
      LimitOptions.imagePixels,
    ] + PageResolver.options,
    discussion: """
      Ranked by the number of recorded transitions that reached the page, then by reliability
      (the share of attempts of that action, from that page, that reached it). Self-loops are
      left out. An unknown page exits 1 and suggests the nearest names.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let limit = try arguments.number(.limit, default: 20, atLeast: 1, command: spec.name)
    let db = try GraphDatabase.open(arguments, command: spec.name)
    let page = try PageResolver.page(from: arguments, in: db, command: spec.name)
    let answers = try db.leadsTo(page: page, limit: limit)
    if arguments.flag(.json) {
      try Output.json(answers)
      return 0
    }
    guard !answers.isEmpty else {
      Output.line("nothing recorded leads to page \(page)")
      return 0
    }
    Output.line("page \(page) is reached by:")
    for answer in answers {
      Output.line(
        "  from page \(answer.fromPage) \(answer.fromName ?? ""): \(answer.actionType) "
          + Describe.element(answer.element)
          + " — \(answer.count)/\(answer.attempts) (\(String(format: "%.0f", answer.reliability * 100))%)"
      )
    }
    return 0
  }
}
