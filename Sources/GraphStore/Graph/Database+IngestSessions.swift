/// A live ingest session as the graph keeps it (`ingest_session`): the source its steps are
/// recorded into and the app its screens belong to when a step does not say.
public struct IngestSessionRecord: Sendable, Hashable {
  /// The session's id, as the server gave it.
  public var id: String
  /// The `source` row its visits belong to.
  public var sourceID: Int64
  /// The app of its steps by default.
  public var app: String?

  public init(id: String, sourceID: Int64, app: String?) {
    self.id = id
    self.sourceID = sourceID
    self.app = app
  }
}

/// One step of a live session as the graph keeps it (`ingest_session_step`): the answer given
/// the first time, given again to a retry.
public struct IngestSessionStepRecord: Sendable, Hashable {
  /// The visit recorded; nil when the step was rejected.
  public var visit: Int64?
  /// The unique page it folded into; nil when the step was rejected.
  public var page: Int64?
  /// Whether that page was new with this step.
  public var isNewPage: Bool

  public init(visit: Int64?, page: Int64?, isNewPage: Bool) {
    self.visit = visit
    self.page = page
    self.isNewPage = isNewPage
  }
}

extension Database {
  /// The live session `id`, nil when the graph has none of that id (or no session table yet).
  public func ingestSession(_ id: String) throws -> IngestSessionRecord? {
    guard try hasTable("ingest_session"),
      let row = try fetchOne(
        "SELECT source_id, app FROM ingest_session WHERE id = ?", [.text(id)]),
      let source = row[0].int64
    else { return nil }
    return IngestSessionRecord(id: id, sourceID: source, app: row[1].string)
  }

  /// Records a new live session (inside the caller's transaction).
  public func insertIngestSession(_ session: IngestSessionRecord) throws {
    try cachedStatement("INSERT INTO ingest_session(id, source_id, app) VALUES (?, ?, ?)")
      .bindAndRun([.text(session.id), .integer(session.sourceID), DatabaseValue(session.app)])
  }

  /// The answer recorded for step `step` of session `session`, nil when it was never recorded.
  public func ingestSessionStep(session: String, step: String) throws -> IngestSessionStepRecord? {
    guard
      let row = try fetchOne(
        "SELECT visit_id, page_id, new_page FROM ingest_session_step "
          + "WHERE session_id = ? AND step = ?", [.text(session), .text(step)])
    else { return nil }
    return IngestSessionStepRecord(
      visit: row[0].int64, page: row[1].int64, isNewPage: row[2].int64 == 1)
  }

  /// Records the answer to step `step` of session `session` (inside the caller's transaction).
  public func insertIngestSessionStep(
    session: String, step: String, _ record: IngestSessionStepRecord
  ) throws {
    try cachedStatement(
      "INSERT INTO ingest_session_step(session_id, step, visit_id, page_id, new_page) "
        + "VALUES (?, ?, ?, ?, ?)"
    ).bindAndRun([
      .text(session), .text(step), DatabaseValue(record.visit), DatabaseValue(record.page),
      DatabaseValue(record.isNewPage),
    ])
  }

  /// The first reason recorded for rejecting record `record` of source `source`, if any.
  public func firstRejectReason(source: Int64, record: String) throws -> String? {
    try fetchOne(
      "SELECT reason FROM reject WHERE source_id = ? AND record = ? ORDER BY id LIMIT 1",
      [.integer(source), .text(record)])?.first?.string
  }

  /// A unique page's Mobile3M name (nil when it has none) and its app's name; nil for an
  /// unknown page.
  public func pageAndAppName(_ page: Int64) throws -> (page: String?, app: String)? {
    guard
      let row = try fetchOne(
        "SELECT page.name, app.name FROM page JOIN app ON app.id = page.app_id WHERE page.id = ?",
        [.integer(page)])
    else { return nil }
    return (row[0].string, row[1].string ?? "")
  }

  private func hasTable(_ name: String) throws -> Bool {
    try tableNames().contains(name)
  }
}
