/// Sizes of a graph and the texts of a page, for benchmarks and tools that pick pages.
extension Database {
  /// The number of unique pages.
  public func pageCount() throws -> Int64 { try scalar("SELECT count(*) FROM page") ?? 0 }

  /// The number of edges between unique pages.
  public func edgeCount() throws -> Int64 { try scalar("SELECT count(*) FROM edge") ?? 0 }

  /// The number of apps.
  public func appCount() throws -> Int64 { try scalar("SELECT count(*) FROM app") ?? 0 }

  /// The bytes the graph takes: the file's pages on SQLite, the database on PostgreSQL.
  public func storedBytes() throws -> Int64 {
    if engine == .postgresql {
      return try scalar("SELECT pg_database_size(current_database())") ?? 0
    }
    return try scalar("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
      ?? 0
  }

  /// The smallest unique-page id, nil for a graph without pages.
  public func firstPageID() throws -> Int64? { try scalar("SELECT min(id) FROM page") }

  /// The texts of a page's elements, in tree order.
  public func elementTexts(page: Int64) throws -> [String] {
    try rows("SELECT text FROM element WHERE page_id = ? ORDER BY node_index", [.integer(page)])
      .compactMap { $0["text"].string }
  }

  /// True when the graph holds anything recorded: a visit, a reject or a crawl page (a file
  /// with none holds nothing worth resuming from).
  public func holdsRecordings() throws -> Bool {
    let tables = Set(try tableNames())
    for table in ["visit", "reject", "crawl_page"] where tables.contains(table) {
      if try scalar("SELECT count(*) FROM \(table)") ?? 0 > 0 { return true }
    }
    return false
  }
}
