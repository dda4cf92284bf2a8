/// Why a live session's step, or the session, was not recorded.
public enum LiveIngestError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No session of this id in the graph.
  case unknownSession(String)
  /// The step's `from` names a step this session has not recorded (or rejected).
  case unknownParent(session: String, step: String, from: String)
  /// The step could not be read (its dump is over the limits); the reason is also in `reject`.
  case rejected(step: String, reason: String)

  public var description: String {
    switch self {
    case .unknownSession(let id):
      return "no session '\(id)' in the graph"
    case .unknownParent(_, let step, let from):
      return "step '\(step)': 'from' names step '\(from)', which this session has not recorded"
    case .rejected(let step, let reason):
      return "step '\(step)' was rejected: \(reason)"
    }
  }
}
