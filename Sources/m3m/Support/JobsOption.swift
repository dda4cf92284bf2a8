import Foundation

/// `--jobs N`, shared by the commands that ingest (`ingest`, `merge`): how many threads prepare
/// steps (read, parse, hash, decode) ahead of the one writer.
enum JobsOption {
  static let option = CommandSpec.Option(
    name: "--jobs", value: "N",
    help: "Threads preparing steps ahead of the one writer (the machine's cores); same graph "
      + "whatever N.")

  /// `--jobs`, or the machine's cores (the writer prepares steps too while it would wait).
  static func jobs(_ arguments: ParsedArguments, command: String) throws -> Int {
    try arguments.number(
      option.name, default: ProcessInfo.processInfo.activeProcessorCount, atLeast: 1,
      command: command)
  }
}
