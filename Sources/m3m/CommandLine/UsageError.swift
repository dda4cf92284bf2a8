/// A mistake in how a command was called: printed with a pointer to `--help`, exit status 2.
struct UsageError: Error, CustomStringConvertible {
  /// The sub-command that refused its arguments.
  var command: String
  /// What is wrong, in one line.
  var message: String

  var description: String {
    "m3m \(command): \(message) (see 'm3m \(command) --help')"
  }
}
