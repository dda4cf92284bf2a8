import Foundation
import TestSupport
import Testing

/// `m3m copy` between SQLite and PostgreSQL, both directions: the round trip answers as the
/// original, and the PostgreSQL copy takes new rows after it (its key sequences moved on).
@Suite("m3m copy between engines")
struct CopyBetweenEnginesTests {
  func answer(_ arguments: [String], db: String) throws -> String {
    let result = try ProcessResult.run("m3m", arguments + ["--db", db])
    return "exit \(result.status)\n"
      + (result.stdout + result.stderr)
      .replacingOccurrences(of: db, with: "DB")
  }

  @Test("SQLite → PostgreSQL → SQLite keeps the graph; the PostgreSQL copy takes a further ingest")
  func roundTrip() throws {
    guard let url = try TemporaryPostgresCluster.freshDatabase("copy") else { return }
    let folder = try Fixtures.temporaryDirectory("copy-engines")
    let original = folder.appendingPathComponent("a.sqlite").path
    let back = folder.appendingPathComponent("b.sqlite").path
    let sample = Fixtures.repositoryRoot.appendingPathComponent("Mobile3M").path
    let ingest = try ProcessResult.run("m3m", ["ingest", sample, "--db", original])
    #expect(ingest.status == 0, "\(ingest.stderr)")

    let there = try ProcessResult.run("m3m", ["copy", "--from", original, "--to", url])
    #expect(there.status == 0, "\(there.stderr)")
    let again = try ProcessResult.run("m3m", ["copy", "--from", original, "--to", url, "--json"])
    #expect(again.status == 0 && again.stdout.contains("\"written\" : 0"), "\(again.stdout)")
    let home = try ProcessResult.run("m3m", ["copy", "--from", url, "--to", back])
    #expect(home.status == 0, "\(home.stderr)")
    for query in [
      ["stats"], ["leads-to", "shop0_2_12_25"], ["path", "mail0", "mail0_3"], ["search", "Cart"],
      ["export", "--format", "json"],
    ] {
      let expected = try answer(query, db: original)
      #expect(expected.hasPrefix("exit 0"), "\(expected)")
      #expect(
        try answer(query, db: url) == expected, "m3m \(query.joined(separator: " ")) on PostgreSQL")
      #expect(
        try answer(query, db: back) == expected, "m3m \(query.joined(separator: " ")) copied back")
    }

    // New rows after explicit ids: a second ingest into both graphs gives the same stats.
    let generated = folder.appendingPathComponent("trace")
    let trace = try ProcessResult.run(
      "m3m-bench",
      [
        "distinct-dataset",
        Fixtures.repositoryRoot.appendingPathComponent("graphs/notes.json").path,
        "--visits", "12", "--size", "72x128", "--work", generated.path,
      ])
    guard trace.status == 0 else {
      Issue.record("m3m-bench distinct-dataset: \(trace.stderr)")
      return
    }
    for db in [original, url] {
      let more = try ProcessResult.run(
        "m3m", ["ingest", generated.appendingPathComponent("pixel").path, "--db", db])
      #expect(more.status == 0, "\(db): \(more.stderr)")
    }
    #expect(try answer(["stats"], db: url) == (try answer(["stats"], db: original)))
  }
}
