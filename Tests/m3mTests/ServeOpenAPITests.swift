import Foundation
import TestSupport
import Testing

/// `/openapi.json` checked against the running server by schemathesis (PyPI, installed by
/// tools/bootstrap): generated requests to every operation, no 5xx, and every answer's status,
/// content type and body as the document says.
@Suite("m3m serve against its OpenAPI document (schemathesis)", .serialized)
struct ServeOpenAPITests {
  /// The checks run; the run is bounded in examples per operation and in time.
  static let checks = [
    "not_a_server_error", "response_schema_conformance", "status_code_conformance",
    "content_type_conformance",
  ]

  @Test("schemathesis finds no 5xx and no answer outside the document, with a read token")
  func schemathesis() throws {
    guard let version = try? ProcessResult.runTool("schemathesis", ["--version"]),
      version.status == 0
    else {
      print("skipped: schemathesis is not installed (tools/bootstrap installs it with pip)")
      return
    }
    let server = try ServeProcess([
      "--db", Fixtures.sampleGraph.get(), "--token-file", ServeCommandTests.tokenFile.get(),
    ])
    let work = try Fixtures.temporaryDirectory("schemathesis")
    let url = "http://\(server.host):\(server.port)/openapi.json"
    // Run in a temporary folder: schemathesis keeps its example database where it runs.
    let result = try ProcessResult.runTool(
      "env",
      [
        "-C", work.path, "timeout", "300", "schemathesis", "run", url,
        "--header", "Authorization: Bearer \(ServeCommandTests.readToken)",
        // The session endpoints answer a read token 403: the run below tests them.
        "--exclude-path-regex", "^/v1/sessions",
        "--checks", Self.checks.joined(separator: ","), "--max-examples", "15", "--seed", "1",
        "--request-timeout", "10",
      ])
    let output = result.stdout + result.stderr
    #expect(result.status == 0, "schemathesis exit \(result.status):\n\(output.suffix(6000))")
    // Every endpoint but the document itself, which schemathesis loads rather than tests, and
    // the session endpoints.
    let tested = output.firstMatch(of: /Tested: (\d+)/).flatMap { Int($0.1) }
    #expect(tested == 14, "\(output.suffix(3000))")
    #expect(!output.contains("FAILURES"), "\(output.suffix(6000))")
    #expect(server.stop().status == 0)
  }

  @Test("schemathesis on the live session endpoints with a write token: no 5xx, as documented")
  func schemathesisSessions() throws {
    guard let version = try? ProcessResult.runTool("schemathesis", ["--version"]),
      version.status == 0
    else {
      print("skipped: schemathesis is not installed (tools/bootstrap installs it with pip)")
      return
    }
    // A graph of its own: the sessions write to it. The token reads the document too.
    let work = try Fixtures.temporaryDirectory("schemathesis-sessions")
    let token = "readwrite-0123456789abcdef"
    let tokens = work.appendingPathComponent("tokens").path
    try "\(token) read write\n".write(toFile: tokens, atomically: true, encoding: .utf8)
    let server = try ServeProcess([
      "--db", work.appendingPathComponent("live.sqlite").path, "--token-file", tokens,
    ])
    let url = "http://\(server.host):\(server.port)/openapi.json"
    let result = try ProcessResult.runTool(
      "env",
      [
        "-C", work.path, "timeout", "300", "schemathesis", "run", url,
        "--header", "Authorization: Bearer \(token)", "--include-path-regex", "^/v1/sessions",
        "--checks", Self.checks.joined(separator: ","), "--max-examples", "15", "--seed", "1",
        "--request-timeout", "10",
      ])
    let output = result.stdout + result.stderr
    #expect(result.status == 0, "schemathesis exit \(result.status):\n\(output.suffix(6000))")
    let tested = output.firstMatch(of: /Tested: (\d+)/).flatMap { Int($0.1) }
    #expect(tested == 2, "\(output.suffix(3000))")
    #expect(!output.contains("FAILURES"), "\(output.suffix(6000))")
    #expect(server.stop().status == 0)
  }
}
