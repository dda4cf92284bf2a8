import Foundation
import TestSupport
import Testing

/// `m3m agent act | run | score` as a user runs them, over the bundled sample's graph.
@Suite("m3m agent act, run and score")
struct AgentCommandTests {
  @Test("run over the graph's paths, then score the file; memory beats the model alone")
  func runAndScore() throws {
    let db = try QueryCommandTests.graph.get()
    let folder = try Fixtures.temporaryDirectory("agent-cli")
    var progress: [Double] = []
    for memory in [true, false] {
      let out = folder.appendingPathComponent("run-\(memory).jsonl").path
      let run = try ProcessResult.run(
        "m3m",
        ["agent", "run", "--from-graph", "--db", db, "--lang", "en", "--out", out]
          + (memory ? [] : ["--no-memory"]))
      #expect(run.status == 0, "\(run.stderr)")
      #expect(run.stdout.contains("goal progress"))
      let score = try ProcessResult.run("m3m", ["agent", "score", out, "--json"])
      #expect(score.status == 0)
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [String: Any])
      progress.append(try #require(object["goalProgress"] as? Double))
      #expect((object["episodes"] as? Int ?? 0) > 10)
    }
    #expect(progress[0] > progress[1])
  }

  /// One real trace's expected scores: single-path (type, AITW, element, partial match, goal
  /// progress) and graph-aware (step accuracy, steps not judged, success), the graph ingested
  /// from the same trace.
  struct RealTraceScores: Sendable, CustomTestStringConvertible {
    var trace: String
    var memory: Bool
    var steps: Int
    var type, aitw, element, partial, progress: Double
    var graph: Double
    var notJudged: Int
    var success: Double
    var testDescription: String { "\(trace.split(separator: "/").first ?? "") memory \(memory)" }
  }

  static let interDroid = "test7766987__InterDroid/Dataset/data_example"
  static let llamaTouch =
    "LlamaTouch__Evaluator/evaluator/testbed_evaluation/tests/test_case/trace_18"

  @Test(
    "real traces (InterDroid, LlamaTouch), with and without a graph of the same trace: the README's scores",
    arguments: [
      RealTraceScores(
        trace: interDroid, memory: false, steps: 11, type: 1.000, aitw: 0.273, element: 0.455,
        partial: 0.455, progress: 0.273, graph: 0.545, notJudged: 4, success: 0),
      RealTraceScores(
        trace: interDroid, memory: true, steps: 11, type: 1.000, aitw: 0.455, element: 0.727,
        partial: 0.727, progress: 0.273, graph: 0.727, notJudged: 2, success: 0),
      RealTraceScores(
        trace: llamaTouch, memory: false, steps: 4, type: 0.750, aitw: 0.750, element: 0.250,
        partial: 0.250, progress: 0.000, graph: 0.250, notJudged: 3, success: 0),
      RealTraceScores(
        trace: llamaTouch, memory: true, steps: 4, type: 1.000, aitw: 1.000, element: 0.500,
        partial: 0.500, progress: 0.500, graph: 1.000, notJudged: 0, success: 1),
    ])
  func realTraces(expected: RealTraceScores) throws {
    let source = Fixtures.realData.appendingPathComponent(expected.trace).path
    guard FileManager.default.fileExists(atPath: source) else {
      print(Fixtures.realDataMissing)
      return
    }
    let folder = try Fixtures.temporaryDirectory("agent-real")
    let db = folder.appendingPathComponent("graph.sqlite").path
    let out = folder.appendingPathComponent("preds.jsonl").path
    let ingest = try ProcessResult.run("m3m", ["ingest", source, "--db", db])
    #expect(ingest.status == 0, "\(ingest.stderr)")
    let run = try ProcessResult.run(
      "m3m",
      ["agent", "run", "--episodes", source, "--out", out] + (expected.memory ? ["--db", db] : []))
    #expect(run.status == 0, "\(run.stderr)")
    let score = try ProcessResult.run("m3m", ["agent", "score", out, "--db", db, "--json"])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [String: Any])
    let micro = try #require(object["micro"] as? [String: Any])
    let rounded = { (value: Any?) in ((value as? Double ?? -1) * 1000).rounded() / 1000 }
    #expect(micro["count"] as? Int == expected.steps)
    #expect(rounded(micro["typeAccuracy"]) == expected.type)
    #expect(rounded(micro["stepAccuracyAITW"]) == expected.aitw)
    #expect(rounded(micro["stepAccuracyElement"]) == expected.element)
    #expect(rounded(object["partialMatch"]) == expected.partial)
    #expect(rounded(object["goalProgress"]) == expected.progress)
    #expect(rounded(object["completeMatch"]) == 0)
    let graph = try #require(object["graph"] as? [String: Any])
    let graphMicro = try #require(graph["micro"] as? [String: Any])
    #expect(rounded(graphMicro["stepAccuracy"]) == expected.graph)
    #expect(graphMicro["notJudged"] as? Int == expected.notJudged)
    #expect(rounded(graph["success"]) == expected.success)
    // The text report prints both, side by side.
    let text = try ProcessResult.run("m3m", ["agent", "score", out, "--db", db])
    #expect(text.stdout.contains("graph-aware: step accuracy") && text.stdout.contains("unjudged"))
  }

  @Test("act answers with an action, its element and a reason; bad inputs say what is wrong")
  func act() throws {
    let db = try QueryCommandTests.graph.get()
    let xml = "Mobile3M/shop_graph_8002/shop0/shop0-xml.txt"
    let act = try ProcessResult.run(
      "m3m", ["agent", "act", "--xml", xml, "--goal", "Open Categories", "--db", db, "--json"])
    #expect(act.status == 0, "\(act.stderr)")
    #expect(act.stdout.contains("\"kind\" : \"tap\""))
    #expect(act.stdout.contains("\"fromMemory\" : true"))
    let text = try ProcessResult.run(
      "m3m", ["agent", "act", "--xml", xml, "--goal", "Open Categories"])
    #expect(text.stdout.contains("tap at") && text.stdout.contains("confidence"))
    let unwritten = try Fixtures.temporaryDirectory("agent-missing").appendingPathComponent(
      "out.jsonl")
    let missing = try ProcessResult.run(
      "m3m", ["agent", "run", "--episodes", "/nonexistent", "--out", unwritten.path])
    #expect(missing.status == 1 && missing.stderr.contains("/nonexistent: no such file or folder"))
    let bad = try Fixtures.temporaryDirectory("agent-bad").appendingPathComponent("p.jsonl")
    try "{\"not\": \"a record\"}\n".write(to: bad, atomically: true, encoding: .utf8)
    let score = try ProcessResult.run("m3m", ["agent", "score", bad.path])
    #expect(score.status == 1 && score.stderr.contains("p.jsonl:1: not an agent step record"))
    // Lines are numbered as in the file: blank lines (LF or CRLF) count, so the bad record is 3.
    for newline in ["\n", "\r\n"] {
      try "\(newline) \(newline){\"not\": \"a record\"}\(newline)"
        .write(to: bad, atomically: true, encoding: .utf8)
      let blank = try ProcessResult.run("m3m", ["agent", "score", bad.path])
      #expect(blank.status == 1 && blank.stderr.contains("p.jsonl:3: not an agent step record"))
    }
    let broken = try Fixtures.temporaryDirectory("agent-bad").appendingPathComponent("b.xml")
    try "ERROR: could not get idle state.".write(to: broken, atomically: true, encoding: .utf8)
    let idle = try ProcessResult.run("m3m", ["agent", "act", "--xml", broken.path, "--goal", "x"])
    #expect(idle.status == 1 && idle.stderr.contains("b.xml"))
  }
}
