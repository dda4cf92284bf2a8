/// A file that could not be written (or was refused as an output), in plain words:
/// `cannot write out/x.dot: no space left on device`.
public struct OutputError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The file (or "standard output").
  public var path: String
  /// Why, in plain words (no error domain or code).
  public var reason: String

  /// An error about `path`.
  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  /// `cannot write PATH: REASON`.
  public var description: String { "cannot write \(path): \(reason)" }
}
