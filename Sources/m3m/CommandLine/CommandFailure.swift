/// A command that could not do its work for a reason it states in one line (exit status 1).
struct CommandFailure: Error, CustomStringConvertible {
  /// What went wrong.
  var description: String

  init(_ description: String) { self.description = description }
}
