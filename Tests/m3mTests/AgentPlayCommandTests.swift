import Foundation
import TestSupport
import Testing

/// `m3m agent play` as a user runs it: on a bundled simulated app end to end, and over adb
/// with no device (a stand-in adb that answers like one with none connected).
@Suite("m3m agent play")
struct AgentPlayCommandTests {
  @Test("sim: three memory settings, a run file of steps and outcomes, the same goals in each")
  func simulated() throws {
    let folder = try Fixtures.temporaryDirectory("play-cli")
    let out = folder.appendingPathComponent("run.jsonl").path
    let app = Fixtures.repositoryRoot.appendingPathComponent("graphs/notes.json").path
    let result = try ProcessResult.run(
      "m3m",
      [
        "agent", "play", "--device", "sim:" + app, "--goals", "3", "--seed", "3", "--memory",
        "all", "--max-steps", "4", "--out", out, "--json",
      ])
    #expect(result.status == 0, "\(result.stderr)")
    let reports = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    #expect(reports.compactMap { $0["memory"] as? String } == ["crawl", "held-out", "none"])
    let totals = reports.compactMap { $0["all"] as? [String: Any] }
    let rates = totals.compactMap { $0["successRate"] as? Double }
    #expect(rates.count == 3)
    // Memory of the same app reaches more goals than the model alone.
    #expect(rates[0] > rates[2] && rates[0] >= 0.5, "\(result.stdout)")
    #expect(
      totals.allSatisfy { ($0["spl"] as? Double ?? 2) <= ($0["successRate"] as? Double ?? 0) })
    let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
    let records = try lines.map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    let outcomes = records.filter { $0["kind"] as? String == "outcome" }
    #expect(outcomes.count == 9)
    let goals = outcomes.compactMap { ($0["goal"] as? [String: Any])?["instruction"] as? String }
    #expect(Array(goals[0..<3]) == Array(goals[3..<6]) && Array(goals[0..<3]) == Array(goals[6...]))
    let steps = records.filter { $0["kind"] as? String == "step" }
    #expect(steps.allSatisfy { $0["screen"] != nil && $0["memory"] != nil })
    #expect(steps.contains { $0["page"] != nil && $0["performed"] != nil })
  }

  @Test("adb with no device connected: a clear error, no run file")
  func adbWithoutDevice() throws {
    let folder = try Fixtures.temporaryDirectory("play-adb")
    let script = """
      #!/bin/sh
      echo "error: no devices/emulators found" >&2
      exit 1
      """
    let adb = folder.appendingPathComponent("adb")
    try script.write(to: adb, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: adb.path)
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = folder.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    let db = try QueryCommandTests.graph.get()
    let out = folder.appendingPathComponent("run.jsonl").path
    let result = try ProcessResult.run(
      "m3m",
      [
        "agent", "play", "--device", "adb", "--app", "com.example.shop", "--db", db, "--goals",
        "2", "--out", out,
      ], environment: environment)
    #expect(result.status != 0)
    #expect(result.stderr.contains("no Android device is connected"), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out))
    // Held-out memory needs a simulated app.
    let heldOut = try ProcessResult.run(
      "m3m",
      [
        "agent", "play", "--device", "adb", "--app", "com.example.shop", "--db", db, "--memory",
        "held-out", "--out", out,
      ], environment: environment)
    #expect(heldOut.status != 0 && heldOut.stderr.contains("needs a sim: device"))
  }
}
