extension Database {
  /// Where the recorded sessions that passed through `page` ended: the pages of the last
  /// visits (visits nothing was recorded after) on the visit chains that go through a visit of
  /// `page`, most sessions first. `page` itself is among them when a session ended there.
  public func sessionEnds(through page: Int64) throws -> [Int64] {
    try fetchAll(
      """
      WITH RECURSIVE onward(id, page_id) AS (
        SELECT id, page_id FROM visit WHERE page_id = ?
        UNION SELECT v.id, v.page_id FROM visit v JOIN onward o ON v.parent_visit_id = o.id
      )
      SELECT page_id FROM onward
      WHERE id NOT IN (SELECT parent_visit_id FROM visit WHERE parent_visit_id IS NOT NULL)
      GROUP BY page_id ORDER BY count(*) DESC, page_id
      """, [.integer(page)]
    ).compactMap { $0.first?.int64 }
  }

  /// The app a page belongs to: its id and name; nil when there is no such page.
  public func app(ofPage page: Int64) throws -> (id: Int64, name: String)? {
    guard
      let row = try fetchOne(
        "SELECT app.id, app.name FROM page JOIN app ON app.id = page.app_id WHERE page.id = ?",
        [.integer(page)]),
      let id = row[0].int64, let name = row[1].string
    else { return nil }
    return (id, name)
  }
}
