import Foundation
import Screenshots
import TestSupport
import Testing

@Suite("m3m ingest and stats")
struct IngestCommandTests {
  /// A trace folder of `count` steps walking over three screens (files written once).
  func trace(steps count: Int) throws -> URL {
    let folder = try Fixtures.temporaryDirectory("trace")
    let screens = [["Home", "Feed"], ["Settings", "Wi-Fi", "Display"], ["About", "Version"]]
    for (number, texts) in screens.enumerated() {
      var nodes = ""
      var image = RGBAImage(width: 100, height: 200, fill: .white)
      for (row, text) in texts.enumerated() {
        nodes +=
          "<node index=\"\(row)\" text=\"\(text)\" class=\"android.widget.TextView\" "
          + "package=\"com.example\" clickable=\"true\" bounds=\"[0,\(row * 40)][100,\(row * 40 + 40)]\" />"
        image.draw(text, at: .init(x: 2, y: row * 40 + 10), scale: 1)
      }
      try
        "<hierarchy rotation=\"0\"><node class=\"android.widget.FrameLayout\" package=\"com.example\" bounds=\"[0,0][100,200]\">\(nodes)</node></hierarchy>"
        .write(
          to: folder.appendingPathComponent("\(number).xml"), atomically: true, encoding: .utf8)
      try Data(image.pngData()).write(to: folder.appendingPathComponent("\(number).png"))
    }
    var lines: [String] = []
    for step in 0..<count {
      let screen = (step * 7 + step / 3) % 3
      lines.append(
        "{\"id\": \"\(step)\", \"xml\": \"\(screen).xml\", \"screenshot\": \"\(screen).png\", "
          + "\"action\": {\"type\": \"click\", \"x\": 5, \"y\": 5}}")
    }
    try lines.joined(separator: "\n").write(
      to: folder.appendingPathComponent("steps.jsonl"), atomically: true, encoding: .utf8)
    return folder
  }

  @Test("a killed ingest, run again, gives the graph of one clean run")
  func killAndResume() throws {
    let folder = try trace(steps: 6000)
    let work = try Fixtures.temporaryDirectory()
    let clean = work.appendingPathComponent("clean.sqlite").path
    let resumed = work.appendingPathComponent("resumed.sqlite").path
    #expect(try ProcessResult.run("m3m", ["ingest", folder.path, "--db", clean]).status == 0)

    let process = Process()
    process.executableURL = Fixtures.productsDirectory.appendingPathComponent("m3m")
    process.arguments = ["ingest", folder.path, "--db", resumed]
    process.environment = Fixtures.childEnvironment()
    process.standardError = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    // Kill it once at least one batch is committed.
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline {
      let stats = try ProcessResult.run("m3m", ["stats", "--db", resumed, "--json"])
      if stats.status == 0,
        let object = try? JSONSerialization.jsonObject(with: Data(stats.stdout.utf8))
          as? [String: Any], let visits = object["visits"] as? Int, visits > 0
      {
        break
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    let partial = try ProcessResult.run("m3m", ["stats", "--db", resumed, "--json"])
    let partialVisits =
      (try JSONSerialization.jsonObject(with: Data(partial.stdout.utf8)) as? [String: Any])?[
        "visits"] as? Int ?? -1
    // The kill landed mid-way: some batches committed, not all.
    #expect(partialVisits > 0 && partialVisits < 6000, "visits after the kill: \(partialVisits)")

    let again = try ProcessResult.run("m3m", ["ingest", folder.path, "--db", resumed, "--json"])
    #expect(again.status == 0, "\(again.stderr)")
    let cleanStats = try ProcessResult.run("m3m", ["stats", "--db", clean, "--json"]).stdout
    let resumedStats = try ProcessResult.run("m3m", ["stats", "--db", resumed, "--json"]).stdout
    #expect(cleanStats == resumedStats)
    #expect(cleanStats.contains("\"visits\" : 6000"))
    #expect(cleanStats.contains("\"uniquePages\" : 3"))
  }

  @Test("a rejected screen makes the exit status 3, and stats counts it")
  func rejectsExitStatus() throws {
    let folder = try trace(steps: 5)
    try "ERROR: could not get idle state.".write(
      to: folder.appendingPathComponent("2.xml"), atomically: true, encoding: .utf8)
    let db = try Fixtures.temporaryDirectory().appendingPathComponent("g.sqlite").path
    let result = try ProcessResult.run("m3m", ["ingest", folder.path, "--db", db])
    #expect(result.status == 3)
    #expect(result.stdout.contains(", 2 rejected\n"), "\(result.stdout)")
    let stats = try ProcessResult.run("m3m", ["stats", "--db", db])
    #expect(stats.stdout.contains("rejects       "))
    #expect(!stats.stdout.contains("rejects       0"))
    // Ingested again: the rejected step is read again and still rejected, and the summary says
    // it was rejected before; nothing else is recorded again.
    let again = try ProcessResult.run("m3m", ["ingest", folder.path, "--db", db])
    #expect(again.status == 3)
    #expect(
      again.stdout.contains(
        "0 visits recorded, 0 new unique pages, 0 self-loops, 3 already present, 2 rejected "
          + "(2 of them rejected by an earlier run already)"), "\(again.stdout)")
    #expect(try ProcessResult.run("m3m", ["stats", "--db", db]).stdout == stats.stdout)
    let json = try ProcessResult.run("m3m", ["ingest", folder.path, "--db", db, "--json"])
    let summary = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect(summary?["rejected"] as? Int == 2 && summary?["rejectedBefore"] as? Int == 2)
    #expect(summary?["skipped"] as? Int == 3, "\(json.stdout)")
    let unknown = try ProcessResult.run("m3m", ["ingest", "/nonexistent", "--db", db])
    #expect(unknown.status == 1 && unknown.stderr.contains("/nonexistent: no such file or folder"))
  }
}
