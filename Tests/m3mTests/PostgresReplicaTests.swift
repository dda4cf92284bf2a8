import Foundation
import TestSupport
import Testing

/// A read replica of a PostgreSQL graph (streaming replication, a hot standby): the queries
/// read it as they read the primary, and a writer pointed at it is refused in words
/// before it changes anything. README: "Beyond one server"; `tools/bench-replica` measures it.
@Suite("m3m on a PostgreSQL read replica")
struct PostgresReplicaTests {
  @Test("the replica answers as the primary does, once it has replayed; writes are refused")
  func replica() throws {
    guard TemporaryPostgresCluster.unavailable == nil else {
      print(TemporaryPostgresCluster.unavailable ?? "")
      return
    }
    let primary = try TemporaryPostgresCluster.start()
    defer { primary.stop() }
    let url = try primary.createDatabase("graph")
    let replica = try primary.startReplica()
    defer { replica.stop() }
    let standby = replica.url(database: "graph")
    let sample = Fixtures.repositoryRoot.appendingPathComponent("Mobile3M").path
    let ingest = try ProcessResult.run("m3m", ["ingest", sample, "--db", url])
    #expect(ingest.status == 0, "\(ingest.stderr)")
    let expected = try ProcessResult.run("m3m", ["stats", "--json", "--db", url]).stdout
    #expect(expected.contains("\"visits\""))
    // Replay is asynchronous: the replica catches up within seconds.
    var replayed = ""
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
      replayed =
        (try? ProcessResult.run("m3m", ["stats", "--json", "--db", standby]))?.stdout ?? ""
      if replayed == expected { break }
      Thread.sleep(forTimeInterval: 0.1)
    }
    #expect(replayed == expected)
    let queries: [[String]] = [
      ["leads-to", "shop0_2_12_25", "--json"], ["path", "shop0", "shop0_2_12_25", "--k", "2"],
      ["search", "Cart", "--json"], ["show", "mail0_1"], ["export", "--format", "json"],
    ]
    for query in queries {
      let onPrimary = try ProcessResult.run("m3m", query + ["--db", url])
      let onReplica = try ProcessResult.run("m3m", query + ["--db", standby])
      #expect(onPrimary.status == 0, "\(query): \(onPrimary.stderr)")
      #expect(
        onReplica.status == onPrimary.status && onReplica.stdout == onPrimary.stdout, "\(query)")
    }
    let refused = try ProcessResult.run("m3m", ["ingest", sample, "--db", standby])
    #expect(refused.status == 1)
    #expect(
      refused.stderr.contains("\(standby): the server accepts no writes"), "\(refused.stderr)")
    GraphDatabaseCommandTests.expectWords(refused.stderr)
    #expect(try ProcessResult.run("m3m", ["stats", "--json", "--db", url]).stdout == expected)
  }
}
