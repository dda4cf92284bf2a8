extension Database {
  /// The longest text a search, a page lookup by text or name, or a goal lookup accepts: 1,000
  /// characters. An FTS5 trigram query costs memory in proportion to its length (131,000
  /// characters took 1.4 GB) and a name suggestion time; no element text or name needs more.
  public static let maximumQueryLength = 1_000

  /// Throws ``GraphQueryError`` when `query` is longer than ``maximumQueryLength``.
  func checkQueryLength(_ query: String) throws {
    let length = query.count
    guard length <= Self.maximumQueryLength else {
      throw GraphQueryError(
        path: path,
        reason:
          "a query of \(length) characters is longer than the limit of \(Self.maximumQueryLength)"
      )
    }
  }
}
