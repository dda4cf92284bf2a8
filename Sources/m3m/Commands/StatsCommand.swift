import GraphStore

/// `m3m stats`: what a graph database holds.
enum StatsCommand: Command {
  static let spec = CommandSpec(
    name: "stats",
    abstract: "Summarise a graph database: apps, visits, unique pages and edges, rejects.",
    usage: "--db FILE [--json]",
    options: [
      .graph(),
      .json("the counts"),
    ])

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let path = try arguments.required("--db", command: spec.name)
    let stats = try GraphStatistics(GraphDatabase.openForReading(path))
    if arguments.flag(.json) {
      try Output.json(stats)
      return 0
    }
    Output.line("apps          \(stats.apps)")
    Output.line("sources       \(stats.sources)")
    Output.line("visits        \(stats.visits)")
    Output.line("unique pages  \(stats.uniquePages)")
    Output.line("unique edges  \(stats.uniqueEdges) (\(stats.selfLoops) self-loops)")
    Output.line("transitions   \(stats.transitions)")
    Output.line("rejects       \(stats.rejects)")
    let depths = stats.visitsPerDepth.sorted { Int($0.key)! < Int($1.key)! }
    Output.line(
      "visits per depth  " + depths.map { "\($0.key):\($0.value)" }.joined(separator: " "))
    return 0
  }
}
