import Foundation
import GraphStore
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `m3m copy`: the copy of a graph equals the original (tables, `stats`, `export`), appears only
/// when complete, is finished by the same command after the process is killed, and never lands
/// on the source or on another graph.
@Suite("m3m copy")
struct CopyCommandTests {

  /// The outputs of `stats` and `export` on a graph.
  static func answers(_ path: String) throws -> [String] {
    try [
      ["stats", "--db", path, "--json"], ["export", "--db", path, "--format", "json"],
      ["export", "--db", path, "--format", "graphml", "--unique"],
    ].map { arguments in
      let result = try ProcessResult.run("m3m", arguments)
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
      return result.stdout
    }
  }

  @Test("the copy of the sample graph equals it: every table, stats and export")
  func copySample() throws {
    let sample = try Fixtures.sampleGraph.get()
    let folder = try Fixtures.temporaryDirectory("copy-sample")
    let copy = folder.appendingPathComponent("b.sqlite").path
    let result = try ProcessResult.run("m3m", ["copy", "--from", sample, "--to", copy, "--json"])
    #expect(result.status == 0, "\(result.stderr)")
    // Nothing but the copy is left in the folder.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["b.sqlite"])
    let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let original = try GraphRows.byTable(sample)
    #expect(summary?["rows"] as? Int == original.values.map(\.count).reduce(0, +))
    #expect(try GraphRows.byTable(copy) == original)
    #expect(try Self.answers(copy) == (try Self.answers(sample)))
    #expect(result.stderr.contains("copy: page "))
    // Again: the copy is complete, nothing is written.
    let again = try ProcessResult.run("m3m", ["copy", "--from", sample, "--to", copy])
    #expect(again.status == 0 && again.stdout.contains("(0 written by this run"), "\(again.stdout)")
  }

  @Test("the source itself and a target holding another graph are refused, and left as they were")
  func refusals() throws {
    let sample = try Fixtures.sampleGraph.get()
    let folder = try Fixtures.temporaryDirectory("copy-refusals")
    let other = folder.appendingPathComponent("other.sqlite").path
    #expect(
      try ProcessResult.run("m3m", ["ingest", "Mobile3M/mail_graph_8000", "--db", other]).status
        == 0)
    let before = try GraphRows.byTable(other)
    let onto = try ProcessResult.run("m3m", ["copy", "--from", sample, "--to", other])
    #expect(onto.status == 1 && onto.stderr.contains("holds another graph"), "\(onto.stderr)")
    #expect(try GraphRows.byTable(other) == before)
    let itself = try ProcessResult.run(
      "m3m", ["copy", "--from", other, "--to", folder.path + "/./other.sqlite"])
    #expect(itself.status == 1 && itself.stderr.contains("is the source"), "\(itself.stderr)")
    let missing = try ProcessResult.run(
      "m3m", ["copy", "--from", folder.appendingPathComponent("none").path, "--to", other])
    #expect(missing.status == 1 && missing.stderr.contains("no such graph database"))
    #expect(try GraphRows.byTable(other) == before)
  }

  @Test("a copy killed mid-way leaves no target; the same command finishes it, equal to the source")
  func killedCopyResumes() throws {
    let folder = try Fixtures.temporaryDirectory("copy-killed")
    let source = folder.appendingPathComponent("a.sqlite").path
    let generated = try ProcessResult.run(
      "m3m-bench", ["query", "--db", source, "--pages", "20000", "--apps", "4", "--queries", "1"])
    #expect(generated.status == 0, "\(generated.stderr)")
    let target = folder.appendingPathComponent("b.sqlite").path
    let partial = folder.appendingPathComponent(".b.sqlite.m3m-copy").path

    let process = Process()
    process.executableURL = Fixtures.productsDirectory.appendingPathComponent("m3m")
    process.arguments = ["copy", "--from", source, "--to", target]
    process.environment = Fixtures.childEnvironment()
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    // Killed once the pages are copied, while the elements are.
    var seen = ""
    while process.isRunning, !seen.contains("copy: page 20000 of 20000") {
      let data = errors.fileHandleForReading.availableData
      if data.isEmpty { break }
      seen += String(decoding: data, as: UTF8.self)
    }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal, "the copy ended first: \(seen)")
    #expect(!FileManager.default.fileExists(atPath: target))
    #expect(FileManager.default.fileExists(atPath: partial))

    let resumed = try ProcessResult.run("m3m", ["copy", "--from", source, "--to", target])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stderr.contains("continuing the interrupted copy"))
    #expect(resumed.stdout.contains("resuming a copy"), "\(resumed.stdout)")
    #expect(!FileManager.default.fileExists(atPath: partial))
    #expect(try GraphRows.byTable(target) == (try GraphRows.byTable(source)))
    #expect(try Self.answers(target) == (try Self.answers(source)))
  }
}
