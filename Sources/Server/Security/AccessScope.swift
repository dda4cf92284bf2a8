/// What a bearer token may do: `read` the graph, or `write` to it (push live sessions).
public enum AccessScope: String, Sendable, Hashable, CaseIterable, Codable {
  /// Queries: stats, pages, paths, search, screenshots.
  case read
  /// Changes: live ingest sessions.
  case write
}
