import GraphStore

/// `m3m search`: pages and elements by text, content-desc or resource-id.
enum SearchCommand: Command {
  static let spec = CommandSpec(
    name: "search",
    abstract: "Pages and elements whose text, content-desc or resource-id contains TEXT.",
    usage: "TEXT --db FILE [--limit N] [--json]",
    arguments: [("TEXT", "What to look for (case-insensitive substring).")],
    options: [
      .graph(),
      .init(name: "--limit", value: "N", help: "At most N elements (20)."),
      .json("the hits"),
    ],
    discussion: """
      Exact matches first, then by BM25 rank (SQLite FTS5, trigram tokenizer: any substring of
      three characters or more, any script). Shorter queries scan the element table.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    guard arguments.positionals.count == 1 else {
      throw UsageError(command: spec.name, message: "expected one TEXT")
    }
    try LimitOptions.checkQueryLength(arguments.positionals[0], name: "TEXT", command: spec.name)
    let limit = try arguments.number(.limit, default: 20, atLeast: 1, command: spec.name)
    let db = try GraphDatabase.open(arguments, command: spec.name)
    let hits = try db.search(arguments.positionals[0], limit: limit)
    if arguments.flag(.json) {
      try Output.json(hits)
      return 0
    }
    guard !hits.isEmpty else {
      Output.line("nothing in \(db.path) shows \"\(arguments.positionals[0])\"")
      return 0
    }
    var lastPage: Int64?
    for hit in hits {
      if hit.page != lastPage {
        Output.line("page \(hit.page) \(hit.pageName ?? "") (\(hit.app))")
        lastPage = hit.page
      }
      Output.line("  " + Describe.element(hit.element) + "  id=\(hit.element.resourceID)")
    }
    return 0
  }
}
