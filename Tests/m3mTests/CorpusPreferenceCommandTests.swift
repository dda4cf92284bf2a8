import Foundation
import TestSupport
import Testing

/// `m3m corpus build --preference` and `m3m corpus check` as a user runs them, over the sample.
@Suite("m3m corpus build --preference and corpus check")
struct CorpusPreferenceCommandTests {
  func m3m(_ arguments: [String]) throws -> ProcessResult {
    try ProcessResult.run("m3m", arguments + ["--db", try QueryCommandTests.graph.get()])
  }

  func jsonLines(_ path: String) throws -> [[String: Any]] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
  }

  @Test("build --preference writes the DPO files; check flags the rejected answers it wrote")
  func preferenceThenCheck() throws {
    let folder = try Fixtures.temporaryDirectory("preference-cli")
    let out = folder.appendingPathComponent("dpo").path
    let build = try m3m(["corpus", "build", "--out", out, "--preference", "--images", "none"])
    #expect(build.status == 0, "\(build.stderr)")
    #expect(build.stdout.contains("pairs in") && build.stdout.contains("grounding"))
    for name in ["train.dpo.sharegpt.json", "train.dpo.trl.jsonl", "dataset_info.json"] {
      #expect(FileManager.default.fileExists(atPath: out + "/" + name), "no \(name)")
    }
    #expect(!FileManager.default.fileExists(atPath: out + "/train.json"))
    let pairs = try jsonLines(out + "/pairs.jsonl")
    #expect(pairs.count > 300)

    // The pairs as two models' answers: one answers the chosen, the other the rejected.
    func predictions(_ key: String, _ name: String) throws -> String {
      let lines = try pairs.map { pair in
        var line: [String: Any] = [
          "id": pair["id"]!, "task": pair["task"]!, "prediction": pair[key]!,
          "target": pair["chosen"]!, "page": pair["page"]!,
        ]
        line["parentPage"] = pair["parentPage"]
        return String(decoding: try JSONSerialization.data(withJSONObject: line), as: UTF8.self)
      }
      let path = folder.appendingPathComponent(name).path
      try (lines.joined(separator: "\n") + "\n").write(
        toFile: path, atomically: true, encoding: .utf8)
      return path
    }
    let gold = try m3m(["corpus", "check", try predictions("chosen", "gold.jsonl")])
    #expect(gold.status == 0, "\(gold.stderr)")
    #expect(gold.stdout.contains("0 of \(pairs.count) answers hold a made-up part"))
    let wrong = try m3m(["corpus", "check", try predictions("rejected", "wrong.jsonl"), "--json"])
    #expect(wrong.status == 0, "\(wrong.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(wrong.stdout.utf8)) as? [String: Any])
    let madeUp = pairs.filter {
      ["text-not-on-page", "box-of-another-element"].contains($0["reason"] as? String)
    }
    #expect(report["hallucinated"] as? Int == madeUp.count)
    let tasks = try #require(report["tasks"] as? [String: [String: Any]])
    #expect(tasks["grounding"]?["rate"] as? Double == 1)
    #expect((tasks["grounding"]?["accuracy"] as? Double ?? 1) == 0)
  }

  @Test("bad use and bad lines: usage errors; FILE:LINE for each bad line, exit 1")
  func badInput() throws {
    let folder = try Fixtures.temporaryDirectory("check-cli")
    let format = try m3m([
      "corpus", "build", "--out", folder.path + "/x", "--preference", "--format", "llava",
    ])
    #expect(format.status == 2 && format.stderr.contains("--format does not apply"))
    let rejected = try m3m(["corpus", "build", "--out", folder.path + "/y", "--rejected", "3"])
    #expect(rejected.status == 2 && rejected.stderr.contains("--rejected needs --preference"))
    let path = folder.appendingPathComponent("preds.jsonl").path
    try [
      #"{"task":"grounding","prediction":"<ref>Nowhere</ref><box>[0,0][9,9]</box>","page":1}"#,
      "{broken", #"{"task":"grounding","prediction":"x","page":4242}"#,
    ].joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    let result = try m3m(["corpus", "check", path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("\(path):2: not a prediction record"))
    #expect(result.stderr.contains("\(path):3: unknown page 4242"))
    #expect(result.stdout.contains("1 of 1 answers hold a made-up part"))
    let missing = try m3m(["corpus", "check", path + ".none"])
    #expect(missing.status == 1 && missing.stderr.contains("preds.jsonl.none: cannot read it"))
    #expect(!missing.stderr.contains("NSCocoaErrorDomain"))
  }
}
