import Foundation
import GraphStore
import Tasks
import TestSupport
import Testing
import UIHierarchy

@Suite("Hallucination check: made-up texts, boxes and actions")
struct HallucinationCheckTests {
  @Test("the page's texts, the boxes that hold them and its action space")
  func evidence() throws {
    let evidence = PageEvidence(tree: try TaskFixtures.tree)
    #expect(evidence.shows("上海") && evidence.shows(" 上 ") && evidence.shows("定位"))
    #expect(evidence.shows("带有文本北京 的输入框") && evidence.shows("第1个空白输入框"))
    #expect(!evidence.shows("广州"))
    let box = { (text: String) in ParsedAnswer(text).box! }
    #expect(evidence.box(box("[20,110][200,170]"), holds: "上海"))
    #expect(evidence.box(box("[0,100][720,180]"), holds: "上海"))
    #expect(!evidence.box(box("[600,110][700,170]"), holds: "上海"))
    func findings(_ task: TaskKind, _ answer: String) -> [HallucinationFinding.Kind] {
      HallucinationFinding.findings(task, prediction: answer, evidence: evidence).map(\.kind)
    }
    let target = try #require(ActionSpaceTarget(tree: try TaskFixtures.tree).text)
    #expect(findings(.actionSpace, target).isEmpty)
    #expect(findings(.elementList, ElementListTarget.text(for: try TaskFixtures.tree)).isEmpty)
    #expect(findings(.grounding, "<ref>上海</ref><box>[20,110][200,170]</box>").isEmpty)
    #expect(findings(.grounding, "<ref>广州</ref><box>[20,110][200,170]</box>") == [.textNotOnPage])
    #expect(findings(.grounding, "<ref>上海</ref><box>[0,600][720,700]</box>") == [.boxWithoutText])
    // Qwen-VL's 0–1000 grid is rescaled to the screen before the box is judged.
    #expect(findings(.grounding, "<ref>上海</ref>(28,86),(278,133)").isEmpty)
    #expect(findings(.actionPrediction, "click(<ref>机票</ref><box>[0,600][720,700]</box>)").isEmpty)
    #expect(findings(.actionPrediction, "scroll(<box>[0,500][720,1180]</box>,up)").isEmpty)
    #expect(findings(.navigation, "type(hello)") == [.actionNotInSpace])
    #expect(
      findings(.actionPrediction, "click(<ref>标题</ref><box>[0,20][720,90]</box>)")
        == [.actionNotInSpace])
    #expect(
      findings(.actionSpace, target + "\nscroll(<box>[0,100][720,180]</box>,up)")
        == [.actionNotInSpace])
  }

  /// Every sample of the sample corpus (zh, and en for navigation) with `answer` as prediction.
  static func predictions(_ answer: (TaskSample) -> String) throws -> [[String: Any]] {
    let db = try Database(path: try Fixtures.sampleGraph.get(), mode: .readOnly)
    var lines: [[String: Any]] = []
    for language in PromptTemplates.Language.allCases {
      var options = CorpusOptions()
      options.language = language
      if language == .en { options.tasks = [.navigation] }
      _ = try CorpusBuilder(database: db, options: options).build { sample in
        var line: [String: Any] = [
          "id": sample.id, "task": sample.task.rawValue, "prediction": answer(sample),
          "target": sample.target, "page": sample.page,
        ]
        if let parent = sample.parentPage { line["parentPage"] = parent }
        lines.append(line)
      }
    }
    return lines
  }

  static func write(_ lines: [String], _ name: String, newline: String = "\n") throws -> String {
    let file = try Fixtures.temporaryDirectory("check").appendingPathComponent(name)
    try (lines.joined(separator: newline) + newline).write(
      to: file, atomically: true, encoding: .utf8)
    return file.path
  }

  static func text(_ line: [String: Any]) throws -> String {
    String(
      decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]),
      as: UTF8.self)
  }

  func check(_ path: String) throws -> HallucinationReport {
    var check = HallucinationCheck(
      database: try Database(path: try Fixtures.sampleGraph.get(), mode: .readOnly))
    return try check.run(path: path)
  }

  @Test("the gold answers of the whole sample corpus pass, at accuracy 1")
  func goldPasses() throws {
    let lines = try Self.predictions(\.target)
    let report = try check(try Self.write(try lines.map(Self.text), "gold.jsonl"))
    #expect(report.errors.isEmpty, "\(report.errors)")
    #expect(report.records == lines.count && report.hallucinated == 0, "\(report.examples)")
    #expect(Set(report.tasks.keys) == Set(TaskKind.allCases.map(\.rawValue)))
    for (task, row) in report.tasks {
      #expect(row.accuracy == 1 && row.rate == 0, "\(task)")
    }
  }

  @Test("a CRLF file is read line by line too, numbered as in the file")
  func crlfLines() throws {
    let lines = try Self.predictions(\.target).prefix(3).map(Self.text)
    let path = try Self.write(lines + ["", "{}"], "crlf.jsonl", newline: "\r\n")
    let report = try check(path)
    #expect(report.records == 3, "\(report.errors)")
    #expect(
      report.errors.count == 1 && report.errors[0].hasPrefix("\(path):5: "), "\(report.errors)")
  }

  @Test("a planted hallucination is flagged, with its kind, line and page")
  func plantedIsFlagged() throws {
    var lines = try Self.predictions(\.target)
    let grounding = try #require(lines.firstIndex { $0["task"] as? String == "grounding" })
    lines[grounding]["prediction"] = "<ref>Teleport to Mars</ref><box>[0,0][10,10]</box>"
    let action = try #require(lines.firstIndex { $0["task"] as? String == "action-prediction" })
    lines[action]["prediction"] = "type(hello)"
    let report = try check(try Self.write(try lines.map(Self.text), "planted.jsonl"))
    #expect(report.errors.isEmpty)
    #expect(report.hallucinated == 2)
    let groundingRow = try #require(report.tasks["grounding"])
    #expect(groundingRow.hallucinated == 1 && groundingRow.byKind["text-not-on-page"] == 1)
    #expect(try #require(groundingRow.accuracy) < 1)
    #expect(report.tasks["action-prediction"]?.byKind["action-not-in-space"] == 1)
    let example = try #require(report.examples.first)
    #expect(example.line == grounding + 1 && example.id == lines[grounding]["id"] as? String)
    #expect(example.findings.first?.detail.contains("Teleport to Mars") == true)
  }

  @Test("bad lines are reported with file and line; the good ones around them are checked")
  func badInput() throws {
    let good = try Self.predictions(\.target).prefix(2).map(Self.text)
    let path = try Self.write(
      [
        good[0], "{not json", "",
        #"{"task":"grounding","prediction":"<ref>a</ref>","page":999999}"#,
        #"{"task":"grounding","prediction":"x"}"#,
        #"{"task":"action-prediction","prediction":"x","page":1}"#,
        #"{"task":"ocr","prediction":"x","page":1}"#, good[1],
      ], "bad.jsonl")
    let report = try check(path)
    #expect(report.records == 2)
    #expect(report.errors.count == 5, "\(report.errors)")
    #expect(report.errors[0].hasPrefix("\(path):2: not a prediction record"))
    #expect(
      report.errors[1]
        == "\(path):4: unknown page 999999 (the graph \(try Fixtures.sampleGraph.get()) has no such page)"
    )
    #expect(report.errors[2] == "\(path):5: no page (the page the answer is about)")
    #expect(report.errors[3] == "\(path):6: no parentPage (the page the answer is about)")
    #expect(report.errors[4].hasPrefix("\(path):7: not a prediction record"))
    #expect(throws: (any Error).self) { try check(path + ".missing") }
  }
}
