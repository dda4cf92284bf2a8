import GraphStore

/// Checks a graph's element text index (`element_text`, FTS5) against an index built afresh
/// from its `element` table: the same elements indexed, and for every text, content-desc and
/// resource-id of three characters or more (up to 300 of them), the same elements found with
/// the same BM25 scores. A missing, extra or doubled entry shows as a difference.
public enum ElementTextCheck {
  /// What differs between the graph's index and a fresh one (empty when they agree). Writes
  /// only a temporary table of the connection.
  public static func differences(in db: Database) throws -> [String] {
    let indexed = "text <> '' OR content_desc <> '' OR resource_id <> ''"
    try db.execute(
      """
      DROP TABLE IF EXISTS temp.expected_text;
      CREATE VIRTUAL TABLE temp.expected_text USING fts5(
        text, content_desc, resource_id, tokenize = 'trigram');
      INSERT INTO temp.expected_text(rowid, text, content_desc, resource_id)
        SELECT id, text, content_desc, resource_id FROM main.element WHERE \(indexed);
      """)
    defer { try? db.execute("DROP TABLE IF EXISTS temp.expected_text") }
    var differences: [String] = []
    let kept = try db.fetchAll("SELECT id FROM main.element_text_docsize ORDER BY id")
    let expected = try db.fetchAll("SELECT id FROM main.element WHERE \(indexed) ORDER BY id")
    if kept != expected {
      differences.append("indexed elements \(kept.count), expected \(expected.count)")
    }
    let queries = try db.fetchAll(
      """
      SELECT DISTINCT value FROM (
        SELECT text AS value FROM main.element UNION SELECT content_desc FROM main.element
        UNION SELECT resource_id FROM main.element)
      WHERE length(value) >= 3 ORDER BY value LIMIT 300
      """
    ).compactMap { $0.first?.string }
    for query in queries {
      let phrase = DatabaseValue.text(
        "\"" + query.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
      let found = try db.fetchAll(
        """
        SELECT rowid, bm25(element_text) FROM main.element_text WHERE element_text MATCH ?
        ORDER BY rowid
        """, [phrase])
      let fresh = try db.fetchAll(
        """
        SELECT rowid, bm25(expected_text) FROM temp.expected_text WHERE expected_text MATCH ?
        ORDER BY rowid
        """, [phrase])
      if found != fresh { differences.append("'\(query)': \(found) instead of \(fresh)") }
    }
    return differences
  }
}
