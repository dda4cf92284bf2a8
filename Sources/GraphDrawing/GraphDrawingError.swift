/// A graph that could not be drawn, and why.
public struct GraphDrawingError: Error, CustomStringConvertible, Sendable {
  /// What went wrong, in plain words.
  public var message: String

  public init(_ message: String) { self.message = message }

  public var description: String { message }
}
