import Foundation
import TestSupport
import Testing

@Suite("m3m merge")
struct MergeCommandTests {
  func count(_ db: String, _ what: String) throws -> Int {
    let stats = try ProcessResult.run("m3m", ["stats", "--db", db, "--json"])
    let object = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
    return object?[what] as? Int ?? -1
  }

  @Test("graphs recording the same screens merge into the graph of one recording; twice is once")
  func merge() throws {
    let folder = try Fixtures.temporaryDirectory("merge")
    let a = folder.appendingPathComponent("a.sqlite").path
    let b = folder.appendingPathComponent("b.sqlite").path
    let one = folder.appendingPathComponent("one.sqlite").path
    let out = folder.appendingPathComponent("out.sqlite").path
    let mail = "Mobile3M/mail_graph_8000"
    let notes = "Mobile3M/notes_graph_8001"
    #expect(try ProcessResult.run("m3m", ["ingest", mail, "--db", a]).status == 0)
    #expect(try ProcessResult.run("m3m", ["ingest", mail, notes, "--db", b]).status == 0)
    #expect(try ProcessResult.run("m3m", ["ingest", mail, notes, "--db", one]).status == 0)
    let merged = try ProcessResult.run("m3m", ["merge", a, b, "--db", out])
    #expect(merged.status == 0, "\(merged.stderr)")
    // mail was recorded twice: its screens fold into the same unique pages.
    #expect(try count(out, "uniquePages") == count(one, "uniquePages"))
    let edges = try count(out, "uniqueEdges")
    #expect(edges == (try count(one, "uniqueEdges")))
    let again = try ProcessResult.run("m3m", ["merge", a, "--db", out])
    #expect(again.stdout.contains("0 visits") && again.stdout.contains("already present"))
    #expect(try count(out, "uniqueEdges") == edges)
    // From another working directory too: a merged source is known by its identity, not a path.
    let elsewhere = try ProcessResult.run(
      "m3m", ["merge", a, "--db", out], currentDirectory: folder)
    #expect(
      elsewhere.stdout.contains(": 0 visits, 0 new pages, 0 rejected, "), "\(elsewhere.stdout)")
    #expect(!elsewhere.stdout.contains(" 0 already present"))
    #expect(try count(out, "visits") == count(one, "visits"))
    let missing = try ProcessResult.run("m3m", ["merge", "/nonexistent.sqlite", "--db", out])
    #expect(missing.status == 1 && missing.stderr.contains("no such graph database"))
    // Merging a graph into itself (by another name: a hard link) is refused, the file unchanged.
    let link = folder.appendingPathComponent("a-link.sqlite").path
    try FileManager.default.linkItem(atPath: a, toPath: link)
    let before = try Data(contentsOf: URL(fileURLWithPath: a))
    let itself = try ProcessResult.run("m3m", ["merge", b, link, "--db", a])
    #expect(
      itself.status == 1 && itself.stderr.contains("is the input \(link)"), "\(itself.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == before)
  }
}
