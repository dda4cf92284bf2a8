/// The element text index (`element_text`, FTS5) of an SQLite graph is filled by its writers,
/// once per transaction, with every element row the transaction added (schema version 11; a
/// trigger did it row by row before). Each statement that reaches an FTS5 table flushes that
/// table's pending terms as a new index segment, which later merges rewrite: a trigger made a
/// segment of every multi-row insert of elements, one statement at commit makes one.
///
/// Every writer of `element` rows says so first (``willAddElements()``: ``GraphWriter``,
/// ``GraphCopy``), and ``commitTransaction()`` indexes them before it commits, so the index is
/// complete at every commit. A bulk load fills it once at its end instead. PostgreSQL's trigram
/// indexes are kept by the server itself; nothing is done there.
extension Database {
  /// Notes that element rows are about to be written in the open write transaction: the rows
  /// after the largest element id now are added to the text index when it commits.
  func willAddElements() throws {
    guard engine == .sqlite, !defersElementText, elementsUnindexedAfter == nil else { return }
    elementsUnindexedAfter = try scalar("SELECT max(id) FROM element") ?? 0
  }

  /// Adds the element rows written since ``willAddElements()`` to the text index, in one
  /// statement; nothing when none were written.
  func indexAddedElements() throws {
    guard let after = elementsUnindexedAfter else { return }
    try indexElements(after: after)
    elementsUnindexedAfter = nil
  }

  /// Adds the elements after id `after` to the text index (those with a text, content-desc or
  /// resource-id: the others have nothing to find).
  func indexElements(after id: Int64) throws {
    try cachedStatement(
      """
      INSERT INTO element_text(rowid, text, content_desc, resource_id)
        SELECT id, text, content_desc, resource_id FROM element
        WHERE id > ? AND (text <> '' OR content_desc <> '' OR resource_id <> '')
      """
    ).bindAndRun([.integer(id)])
  }
}
