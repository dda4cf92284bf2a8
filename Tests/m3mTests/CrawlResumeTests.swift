import Foundation
import TestSupport
import Testing

@Suite("m3m crawl, killed and resumed")
struct CrawlResumeTests {
  func count(_ db: String, _ sql: String) throws -> String {
    try ProcessResult.runTool("sqlite3", [db, sql]).stdout
  }

  @Test("a crawl killed mid-way, run again, ends with the graph of one clean crawl")
  func killAndResume() throws {
    let folder = try Fixtures.temporaryDirectory("crawl-kill")
    let clean = folder.appendingPathComponent("clean.sqlite").path
    let resumed = folder.appendingPathComponent("resumed.sqlite").path
    let arguments = ["crawl", "--device", "sim:graphs/notes.json", "--db"]
    #expect(try ProcessResult.run("m3m", arguments + [clean]).status == 0)

    let process = Process()
    process.executableURL = Fixtures.productsDirectory.appendingPathComponent("m3m")
    let out = folder.appendingPathComponent("out").path
    process.arguments = arguments + [resumed, "--out", out]
    process.environment = Fixtures.childEnvironment()
    process.currentDirectoryURL = Fixtures.repositoryRoot
    process.standardError = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    // Kill it once a few screens are in.
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
      if let visits = Int(
        (try? count(resumed, "SELECT count(*) FROM visit"))?.trimmingCharacters(
          in: .whitespacesAndNewlines) ?? ""), visits >= 8
      {
        break
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)
    let again = try ProcessResult.run("m3m", arguments + [resumed, "--out", out])
    #expect(again.status == 0, "\(again.stderr)")
    let query =
      "SELECT count(*) FROM page; SELECT count(*) FROM edge WHERE self_loop = 0; "
      + "SELECT count(*) FROM visit;"
    #expect(try count(resumed, query) == count(clean, query))
    // The release layout written across the kill ingests into the same graph.
    let ingested = folder.appendingPathComponent("ingested.sqlite").path
    let ingest = try ProcessResult.run(
      "m3m", ["ingest", out + "/notes_graph_8000", "--db", ingested])
    #expect(ingest.status == 0, "\(ingest.stderr)")
    #expect(try count(ingested, query) == count(clean, query))
  }

  @Test("a crawl resumed with another screens folder, or continued from a copy, keeps its edges")
  func resumeElsewhere() throws {
    let folder = try Fixtures.temporaryDirectory("crawl-elsewhere")
    let path = { (name: String) in folder.appendingPathComponent(name).path }
    let crawl = ["crawl", "--device", "sim:graphs/notes.json", "--db"]
    #expect(try ProcessResult.run("m3m", crawl + [path("clean.sqlite")]).status == 0)
    let query = "SELECT count(*) FROM page; SELECT count(*) FROM edge;"
    let clean = try count(path("clean.sqlite"), query)
    #expect(clean == "11\n34\n")

    // Stopped by its budget, then resumed with --work elsewhere.
    #expect(
      try ProcessResult.run("m3m", crawl + [path("moved.sqlite"), "--budget", "50"]).status == 0)
    let moved = try ProcessResult.run(
      "m3m", crawl + [path("moved.sqlite"), "--work", path("elsewhere")])
    #expect(moved.status == 0, "\(moved.stderr)")
    #expect(try count(path("moved.sqlite"), query) == clean)

    // A shallow crawl copied, and the copy crawled on.
    #expect(
      try ProcessResult.run("m3m", crawl + [path("base.sqlite"), "--max-depth", "2"]).status == 0)
    _ = try count(path("base.sqlite"), "PRAGMA wal_checkpoint(TRUNCATE);")
    try FileManager.default.copyItem(atPath: path("base.sqlite"), toPath: path("copy.sqlite"))
    #expect(try ProcessResult.run("m3m", crawl + [path("copy.sqlite")]).status == 0)
    #expect(try count(path("copy.sqlite"), query) == clean)
  }
}
