import Foundation
import GraphStore
import UIHierarchy

/// Live ingest: sessions whose screens arrive one at a time (a recorder or a crawler on another
/// host pushing to `m3m serve`), each folded into the graph by ingest's own rule
/// (``GraphIngester``) and committed before its answer is given.
///
/// A session is a source of its own (format `session`); its steps are visits keyed by their step
/// ids. Sessions and the answer given to each step are kept in the graph (`ingest_session`,
/// `ingest_session_step`), so after a restart a client can send every step again: the ones
/// recorded add nothing and get the answer they got the first time. Screens are stored in a
/// ``CaptureFolder``, named by their bytes' hash.
///
/// Not thread-safe: one writer, its calls serialised by the caller.
///
/// ```swift
/// let live = try LiveIngest(database: db, captures: CaptureFolder(path: "graph-captures"))
/// let session = try live.createSession(app: "com.example", name: nil)
/// let answer = try live.add(PushedStep(id: "0", xml: dump), to: session.id)
/// ```
public final class LiveIngest {
  /// What a step folded into: the answer to a push, the same for a retry.
  public struct Answer: Sendable, Codable, Hashable {
    /// The session.
    public var session: String
    /// The step's id.
    public var step: String
    /// The unique page it folded into.
    public var page: Int64
    /// That page's name (its Mobile3M name, or the record of the visit that made it).
    public var name: String?
    /// The page's app.
    public var app: String
    /// Whether the page was new with this step.
    public var newPage: Bool
    /// The visit recorded for the step.
    public var visit: Int64
  }

  let db: Database
  private let ingester: GraphIngester
  private let captures: CaptureFolder
  /// The sessions used since this writer opened, by id.
  private var open: [String: GraphIngester.Session] = [:]

  /// A writer on `database` (brought to the current schema first).
  public init(database: Database, captures: CaptureFolder) throws {
    db = database
    self.captures = captures
    ingester = try GraphIngester(database: database)
  }

  /// Starts a session.
  /// - Parameters:
  ///   - app: the app of its screens, when a step does not name one.
  ///   - name: the source path recorded for it (by default `session ID`).
  public func createSession(app: String?, name: String?) throws -> IngestSessionRecord {
    let id = UUID().uuidString.lowercased()
    let session = try ingester.session(
      source: name ?? "session \(id)", format: "session", identity: id
    ) { sourceID in
      try db.insertIngestSession(IngestSessionRecord(id: id, sourceID: sourceID, app: app))
    }
    open[id] = session
    return IngestSessionRecord(id: id, sourceID: session.sourceID, app: app)
  }

  /// Records `step` in session `sessionID`, or, when that step id was recorded already, answers
  /// as the first time and records nothing.
  /// - Throws: ``LiveIngestError`` for an unknown session, a `from` the session has not
  ///   recorded, or a step that was rejected; ``OutputError`` when its files cannot be written.
  public func add(_ step: PushedStep, to sessionID: String) throws -> Answer {
    guard let session = try db.ingestSession(sessionID) else {
      throw LiveIngestError.unknownSession(sessionID)
    }
    if let recorded = try db.ingestSessionStep(session: sessionID, step: step.id) {
      return try answer(recorded, step: step.id, session: session)
    }
    if let from = step.from {
      guard try db.ingestSessionStep(session: sessionID, step: from)?.visit != nil else {
        throw LiveIngestError.unknownParent(session: sessionID, step: step.id, from: from)
      }
    }
    // Files first: a kill before the commit leaves a file the retry finds, never a visit
    // without its file.
    let xmlPath = try captures.store(Data(step.xml.utf8), suffix: "xml")
    let screenshotPath = try step.screenshot.map { try captures.store($0, suffix: "png") }
    var trace = TraceStep(
      record: step.id, app: try app(of: step, session: session), name: step.name,
      parentRecord: step.from, xmlPath: xmlPath, screenshotPath: screenshotPath)
    if step.from != nil { trace.action = step.action ?? TraceAction(type: "unknown") }
    var recorded = IngestSessionStepRecord(visit: nil, page: nil, isNewPage: false)
    _ = try ingester(for: session).add(trace) { outcome in
      recorded = IngestSessionStepRecord(
        visit: outcome?.visit, page: outcome?.page, isNewPage: outcome?.isNewPage ?? false)
      try db.insertIngestSessionStep(session: sessionID, step: step.id, recorded)
    }
    return try answer(recorded, step: step.id, session: session)
  }

  /// The answer for a recorded step.
  private func answer(
    _ recorded: IngestSessionStepRecord, step: String, session: IngestSessionRecord
  ) throws -> Answer {
    guard let visit = recorded.visit, let page = recorded.page else {
      let reason = try db.firstRejectReason(source: session.sourceID, record: step)
      throw LiveIngestError.rejected(step: step, reason: reason ?? "the screen could not be read")
    }
    let names = try db.pageAndAppName(page)
    return Answer(
      session: session.id, step: step, page: page, name: names?.page,
      app: names?.app ?? "", newPage: recorded.isNewPage, visit: visit)
  }

  /// The step's app, else the session's, else the dump's first package, else `unknown`.
  private func app(of step: PushedStep, session: IngestSessionRecord) throws -> String {
    if let app = step.app ?? session.app, !app.isEmpty { return app }
    let tree = try? UITree(parsing: Data(step.xml.utf8), source: "xml")
    return tree?.nodes.first { !$0.package.isEmpty }?.package ?? "unknown"
  }

  /// The ingest session recording into `session`'s source, opened on first use.
  private func ingester(for session: IngestSessionRecord) throws -> GraphIngester.Session {
    if let existing = open[session.id] { return existing }
    let opened = try ingester.session(
      source: "session \(session.id)", format: "session", identity: session.id)
    open[session.id] = opened
    return opened
  }
}
