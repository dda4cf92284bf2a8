/// Why the server cannot start: a bad option, an unreadable token file, a port it cannot take.
public struct ServerError: Error, Sendable, CustomStringConvertible {
  /// The reason, naming the file, host or port.
  public var description: String

  public init(_ description: String) { self.description = description }
}
