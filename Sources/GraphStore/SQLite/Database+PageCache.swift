/// The memory SQLite keeps of a file's pages for one connection (its page cache), sized in
/// bytes. SQLite's default is 2 MB, which a large graph's indexes outgrow: each lookup past it
/// reads its pages from the operating system again.
extension Database {
  /// The most bytes of the file's pages this connection keeps (`PRAGMA cache_size`, asked in
  /// KiB); nil on PostgreSQL, whose server keeps its own cache.
  public func pageCacheBytes() throws -> Int? {
    guard engine == .sqlite else { return nil }
    guard let size = try scalar("PRAGMA cache_size") else { return nil }
    // Negative: a limit in KiB; positive: a number of pages.
    if size < 0 { return Int(clamping: size.magnitude) * 1024 }
    return Int(clamping: size) * Int(clamping: try scalar("PRAGMA page_size") ?? 4096)
  }

  /// Lets this connection keep up to `bytes` of the file's pages (at least 1 MiB; pages are
  /// cached only as they are read, so a small file takes no more). Nothing on PostgreSQL.
  public func setPageCacheBytes(_ bytes: Int) throws {
    guard engine == .sqlite else { return }
    let kibibytes = max(bytes / 1024, 1024)
    try execute("PRAGMA cache_size = -\(kibibytes)")
  }
}
