/// `--jobs N`, shared by the commands that ingest (`ingest`, `merge`): how many threads prepare
/// steps (read, parse, hash, decode) ahead of the one writer.
enum JobsOption {
  static let option = CommandSpec.Option(
    name: "--jobs", value: "N",
    help: "Threads preparing steps ahead of the one writer (1); same graph whatever N.")

  /// `--jobs`, or 1. One until the writer's own work is cut: measured on two cores, a second
  /// thread gained nothing and raised peak memory on the pixel path (README, "Speed").
  static func jobs(_ arguments: ParsedArguments, command: String) throws -> Int {
    try arguments.number(option.name, default: 1, atLeast: 1, command: command)
  }
}
