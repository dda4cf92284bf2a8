import Dispatch
import Foundation
import GraphStore
import Synchronization
import TestSupport
import Testing

/// Many `m3m ingest` processes write one PostgreSQL graph at once, and page identity stays
/// right: a page two workers both meet is stored once, as when they run one after another.
@Suite("m3m ingest: concurrent writers on PostgreSQL")
struct PostgresConcurrentIngestTests {
  /// A graph's content independent of the order it was written in: each visit with the page it
  /// folded into, and each edge with its count, pages named by their first-named visit.
  static func folding(_ url: String) throws -> [String] {
    let db = try Database(path: url, mode: .readOnly)
    var key: [Int64: String] = [:]
    var visits: [(String, Int64)] = []
    for row in try db.rows("SELECT page_id, coalesce(name, record) AS name FROM visit") {
      guard let page = row["page_id"].int64, let name = row["name"].string else { continue }
      key[page] = min(key[page] ?? name, name)
      visits.append((name, page))
    }
    let edges = try db.rows(
      """
      SELECT e.from_page AS from_page, a.key AS action, e.to_page AS to_page, e.count AS count
      FROM edge e JOIN action a ON a.id = e.action_id
      """)
    return
      (visits.map { "visit \($0.0) on \(key[$0.1] ?? "?")" }
      + edges.map {
        "edge \(key[$0["from_page"].int64 ?? 0] ?? "?") \($0["action"].string ?? "") "
          + "\(key[$0["to_page"].int64 ?? 0] ?? "?") ×\($0["count"].int64 ?? 0)"
      }).sorted()
  }

  @Test("4 concurrent ingests into one graph = one sequential ingest (pages and edges)")
  func fourWriters() throws {
    guard let sequential = try TemporaryPostgresCluster.freshDatabase("sequential"),
      let concurrent = try TemporaryPostgresCluster.freshDatabase("concurrent")
    else { return }
    // One generated app, its recorded paths dealt round-robin to four workers: every worker
    // meets the home page and most meet others' pages.
    let folder = try Fixtures.temporaryDirectory("pg-workers")
    let data = folder.appendingPathComponent("data")
    let app = Fixtures.repositoryRoot.appendingPathComponent("graphs/shop.json").path
    let synth = try ProcessResult.run("m3m", ["synth", app, "--out", data.path])
    try #require(synth.status == 0, "\(synth.stderr)")
    let files = FileManager.default
    let graph = try #require(try files.contentsOfDirectory(atPath: data.path).first)
    let source = data.appendingPathComponent(graph)
    let entries = try files.contentsOfDirectory(atPath: source.path).sorted()
    let workers = (0..<4).map { folder.appendingPathComponent("worker\($0)/\(graph)") }
    for worker in workers {
      try files.createDirectory(at: worker, withIntermediateDirectories: true)
      for entry in entries where entry.hasSuffix(".json") {
        try files.copyItem(
          at: source.appendingPathComponent(entry), to: worker.appendingPathComponent(entry))
      }
    }
    for (index, entry) in entries.filter({ !$0.hasSuffix(".json") }).enumerated() {
      try files.copyItem(
        at: source.appendingPathComponent(entry),
        to: workers[index % 4].appendingPathComponent(entry))
    }
    let inputs = workers.map { $0.deletingLastPathComponent().path }

    // Each worker rejects the steps whose screens another worker holds: alike both ways.
    var statuses: [Int32] = []
    for input in inputs {
      let ingest = try ProcessResult.run("m3m", ["ingest", input, "--db", sequential])
      #expect(ingest.status == 0 || ingest.status == 3, "\(ingest.stderr)")
      statuses.append(ingest.status)
    }
    let results = Mutex<[Int: ProcessResult]>([:])
    DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
      let result = try? ProcessResult.run("m3m", ["ingest", inputs[index], "--db", concurrent])
      results.withLock { $0[index] = result }
    }
    for index in inputs.indices {
      let result = results.withLock { $0[index] }
      #expect(result?.status == statuses[index], "worker \(index): \(result?.stderr ?? "")")
    }
    let expected = try Self.folding(sequential)
    #expect(expected.contains { $0.hasPrefix("edge ") })
    #expect(try Self.folding(concurrent) == expected)
    let pages = "SELECT count(*) FROM page"
    #expect(
      try Database(path: concurrent).scalar(pages) == Database(path: sequential).scalar(pages))
  }
}
