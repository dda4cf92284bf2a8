import Foundation
import TestSupport
import Testing

/// `m3m corpus build | eval | refexp` as a user runs them, over the bundled sample.
@Suite("m3m corpus build, eval and refexp")
struct CorpusCommandTests {
  func m3m(_ arguments: [String]) throws -> ProcessResult {
    try ProcessResult.run("m3m", arguments + ["--db", try QueryCommandTests.graph.get()])
  }

  @Test("build writes the files and a summary; the same seed writes the same bytes")
  func build() throws {
    let folder = try Fixtures.temporaryDirectory("corpus-cli")
    var outputs: [Data] = []
    for name in ["a", "b"] {
      let out = folder.appendingPathComponent(name).path
      let result = try m3m(["corpus", "build", "--out", out, "--seed", "3", "--images", "none"])
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stdout.contains("action-prediction"))
      outputs.append(try Data(contentsOf: URL(fileURLWithPath: out + "/train.json")))
      let summary =
        try JSONSerialization.jsonObject(
          with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as? [String: Any]
      #expect((summary?["total"] as? Int ?? 0) > 300)
    }
    #expect(outputs[0] == outputs[1])
    let bad = try m3m(["corpus", "build", "--out", folder.path, "--tasks", "ocr"])
    #expect(bad.status == 2 && bad.stderr.contains("unknown --tasks value 'ocr' (expected "))
    let group = try ProcessResult.run("m3m", ["corpus"])
    #expect(group.status == 2 && group.stderr.contains("corpus build"))
  }

  @Test("eval with the built-in model prints every metric; with openai against the stub server")
  func eval() throws {
    let out = try Fixtures.temporaryDirectory("eval-cli").appendingPathComponent("p.jsonl").path
    let builtin = try m3m(["corpus", "eval", "--model", "builtin", "--out", out, "--json"])
    #expect(builtin.status == 0, "\(builtin.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(builtin.stdout.utf8)) as? [String: Any])
    let means = try #require(report["means"] as? [String: [String: [String: Double]]])
    #expect(means["action-space"]?["train"]?["line_recall"] == 1)
    #expect(means["grounding"]?["train"]?["mean_iou"] == 1)
    #expect((means["action-prediction"]?["train"]?["exact_acc"] ?? 1) < 1)
    guard let server = StubChatServer() else { return }
    let remote = try m3m([
      "corpus", "eval", "--model", "openai", "--base-url", server.baseURL.absoluteString,
      "--model-name", "stub-model", "--task", "grounding", "--limit", "3", "--out", out,
    ])
    #expect(remote.status == 0, "\(remote.stderr)")
    #expect(remote.stdout.contains("openai:stub-model"))
    let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 3 && lines.allSatisfy { $0.contains("images=1") })
    let missing = try m3m(["corpus", "eval", "--model", "openai", "--out", out])
    #expect(missing.status == 2 && missing.stderr.contains("--model-name"))
  }

  @Test("refexp scores the held-out UIBert file; a broken line is reported, not fatal")
  func refexp() throws {
    let folder = try Fixtures.temporaryDirectory("refexp")
    let file = folder.appendingPathComponent("r.jsonl")
    let record =
      "{\"index\": 0, \"ref_exp\": \"click on settings\", \"target_object_index\": 1, "
      + "\"objects_xyxy\": [[0,0,1,0.1],[0,0.2,1,0.3]], \"view_hierarchy_leaves\": "
      + "[{\"bbox\": [0,0.2,1,0.3], \"text\": \"Settings\", \"class_name\": \"TEXT_VIEW\"}]}"
    try (record + "\n{not json\n").write(to: file, atomically: true, encoding: .utf8)
    let result = try ProcessResult.run("m3m", ["corpus", "refexp", file.path, "--json"])
    #expect(result.status == 0)
    #expect(result.stderr.contains("r.jsonl:2: not a RefExp record"))
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(report["accuracy"] as? Double == 1 && report["samples"] as? Int == 1)
  }
}
