import Foundation
import TestSupport
import Testing

/// Messages name the file or server and the reason in plain words: no Foundation error domain
/// (`NSURLErrorDomain error -1004`) and no Swift decoding dump (`keyNotFound(CodingKeys(…`).
@Suite("m3m messages: plain reasons")
struct PlainMessageTests {
  static func expectPlain(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for raw in ["Domain", "Code=", "CodingKeys", "Context(", "(null)"] {
      #expect(!text.contains(raw), "\(text)", sourceLocation: sourceLocation)
    }
  }

  @Test("a model server that refuses the connection is recorded as 'cannot connect'")
  func refusedConnection() throws {
    let folder = try Fixtures.temporaryDirectory("refused")
    let predictions = folder.appendingPathComponent("p.jsonl")
    let result = try ProcessResult.run(
      "m3m",
      [
        "corpus", "eval", "--db", try QueryCommandTests.graph.get(), "--model", "openai",
        "--base-url", "http://127.0.0.1:1/v1", "--model-name", "x", "--retries", "0",
        "--limit", "1", "--task", "grounding", "--out", predictions.path,
      ])
    #expect(result.status == 0, "\(result.stderr)")
    let line = try String(contentsOf: predictions, encoding: .utf8)
    #expect(line.contains("cannot connect to the server (connection refused)"), "\(line)")
    Self.expectPlain(line)
  }

  @Test("a record that is not a RefExp or an agent step says which key is missing")
  func decodingErrors() throws {
    let folder = try Fixtures.temporaryDirectory("decoding")
    let records = folder.appendingPathComponent("r.jsonl")
    try Data("{\"x\": 1}\n".utf8).write(to: records)
    let refexp = try ProcessResult.run("m3m", ["corpus", "refexp", records.path])
    #expect(refexp.stderr.contains("r.jsonl:1: not a RefExp record (missing key 'index')"))
    Self.expectPlain(refexp.stderr)
    let score = try ProcessResult.run("m3m", ["agent", "score", records.path])
    #expect(score.status == 1)
    #expect(score.stderr.contains("r.jsonl:1: not an agent step record (missing key 'episode')"))
    Self.expectPlain(score.stderr)
  }

  @Test("corpus refexp on a folder or a missing file names it and says why")
  func unreadableRefExp() throws {
    let folder = try Fixtures.temporaryDirectory("refexp-input")
    let missing = folder.appendingPathComponent("missing.jsonl").path
    for (path, reason) in [(folder.path, "it is a folder"), (missing, "no such file or directory")]
    {
      let result = try ProcessResult.run("m3m", ["corpus", "refexp", path])
      #expect(result.status == 1)
      #expect(result.stderr.contains("\(path): cannot read it: \(reason)"), "\(result.stderr)")
    }
  }

  @Test("a simulated app definition that is missing or not JSON: the file and why")
  func unreadableAppDefinition() throws {
    let folder = try Fixtures.temporaryDirectory("sim-app")
    let missing = folder.appendingPathComponent("missing.json").path
    let notJSON = folder.appendingPathComponent("app.json")
    try Data("pages:".utf8).write(to: notJSON)
    for (app, message) in [
      (missing, "sim:\(missing): cannot read the app definition: no such file or directory"),
      (notJSON.path, "sim:\(notJSON.path): not an app definition: not valid JSON"),
    ] {
      let result = try ProcessResult.run(
        "m3m", ["demo", "--app", app, "--out", folder.appendingPathComponent("out").path])
      #expect(result.status == 1)
      #expect(result.stderr.contains(message), "\(result.stderr)")
      Self.expectPlain(result.stderr)
    }
  }
}
