/// The engine behind a ``Database``: the embedded SQLite file, or a PostgreSQL server that many
/// programs on many machines can write at once.
public enum DatabaseEngine: String, Sendable, Hashable {
  /// An SQLite file (`--db graph.sqlite`).
  case sqlite
  /// A PostgreSQL server (`--db postgresql://user@host/database`).
  case postgresql

  /// The engine a `--db` value names: PostgreSQL for `postgresql://` and `postgres://` URLs,
  /// SQLite for anything else (a file path).
  public init(location: String) {
    self = PostgresURL.isPostgres(location) ? .postgresql : .sqlite
  }
}
