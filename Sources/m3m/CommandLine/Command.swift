/// One `m3m` sub-command: its spec and what it does with parsed arguments.
protocol Command: Sendable {
  /// The name, options and help.
  static var spec: CommandSpec { get }
  /// Runs the command; returns the process exit status.
  static func run(_ arguments: ParsedArguments) throws -> Int32
}
