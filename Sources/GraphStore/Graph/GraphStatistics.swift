/// Counts over a graph database, as `m3m stats` prints them.
public struct GraphStatistics: Sendable, Codable, Hashable {
  /// Apps.
  public var apps = 0
  /// Sources ingested (or being ingested).
  public var sources = 0
  /// Recorded page visits.
  public var visits = 0
  /// Unique pages after dedup.
  public var uniquePages = 0
  /// Distinct (from page, action, to page) edges.
  public var uniqueEdges = 0
  /// Of those, edges whose action left the page unchanged.
  public var selfLoops = 0
  /// Recorded transitions between visits.
  public var transitions = 0
  /// Rejected inputs.
  public var rejects = 0
  /// Visits per depth from the app's root ("1" = root), as strings for JSON keys.
  public var visitsPerDepth: [String: Int] = [:]

  /// Reads the counts from a graph database.
  public init(_ db: Database) throws {
    func count(_ sql: String) throws -> Int { Int(try db.scalar(sql) ?? 0) }
    apps = try count("SELECT count(*) FROM app")
    sources = try count("SELECT count(*) FROM source")
    visits = try count("SELECT count(*) FROM visit")
    uniquePages = try count("SELECT count(*) FROM page")
    uniqueEdges = try count("SELECT count(*) FROM edge")
    selfLoops = try count("SELECT count(*) FROM edge WHERE self_loop = 1")
    transitions = try count("SELECT count(*) FROM visit_edge")
    rejects = try count("SELECT count(*) FROM reject")
    for row in try db.fetchAll("SELECT depth, count(*) FROM visit GROUP BY depth ORDER BY depth") {
      visitsPerDepth[String(row[0].int64 ?? 0)] = Int(row[1].int64 ?? 0)
    }
  }
}
