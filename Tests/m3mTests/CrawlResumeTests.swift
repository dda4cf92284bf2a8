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
    process.arguments = arguments + [resumed]
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
    let again = try ProcessResult.run("m3m", arguments + [resumed])
    #expect(again.status == 0, "\(again.stderr)")
    let query = "SELECT count(*) FROM page; SELECT count(*) FROM edge WHERE self_loop = 0;"
    #expect(try count(resumed, query) == count(clean, query))
  }
}
