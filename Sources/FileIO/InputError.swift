/// A file that could not be read, in plain words: `in.jsonl: cannot read it: no such file`.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The file.
  public var path: String
  /// Why, in plain words (no error domain or code).
  public var reason: String

  /// An error about `path`.
  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  /// `PATH: cannot read it: REASON`.
  public var description: String { "\(path): cannot read it: \(reason)" }
}
