import Foundation
import GraphStore
import Ingest
import Tasks
import TestSupport
import Testing
import UIHierarchy

@Suite("Preference pairs over the bundled Mobile3M sample")
struct PreferenceTests {
  func build(_ options: CorpusOptions, rejected: Int = 2) throws -> (
    [PreferenceSample], CorpusSummary
  ) {
    let db = try Database(path: try Fixtures.sampleGraph.get(), mode: .readOnly)
    var pairs: [PreferenceSample] = []
    let summary = try PreferenceBuilder(
      database: db, options: options, rejectedPerSample: rejected
    ).build { pairs.append($0) }
    return (pairs, summary)
  }

  /// The metrics that tell a right answer from a wrong one, per task: the chosen answer scores
  /// 1 on each; a rejected one must score below it on each.
  static func deciding(_ task: TaskKind) -> [String] {
    switch task {
    case .grounding: ["iou@0.5", "point_in_box"]
    case .elementList, .actionSpace: ["f1"]
    case .actionPrediction, .navigation: ["exact_acc", "action_ocr_acc"]
    }
  }

  @Test(
    "every rejected answer fails the metric the chosen answer passes (whole sample, zh and en)")
  func rejectedAnswersFail() throws {
    var reasons: Set<RejectedAnswer.Reason> = []
    var tasks: Set<TaskKind> = []
    var total = 0
    for language in PromptTemplates.Language.allCases {
      var options = CorpusOptions()
      options.language = language
      let (pairs, summary) = try build(options, rejected: 3)
      #expect(summary.totalPairs == pairs.reduce(0) { $0 + $1.rejected.count })
      for pair in pairs {
        let task = pair.sample.task
        tasks.insert(task)
        #expect(!pair.rejected.isEmpty && pair.rejected.count <= 3)
        #expect(Set(pair.rejected.map(\.answer)).count == pair.rejected.count)
        let chosen = TaskMetrics.score(task, prediction: pair.chosen, target: pair.sample.target)
        for metric in Self.deciding(task) {
          #expect(chosen[metric] == 1, "\(pair.sample.id): chosen \(metric) \(chosen)")
        }
        for rejected in pair.rejected {
          total += 1
          reasons.insert(rejected.reason)
          #expect(rejected.answer != pair.chosen && !rejected.why.isEmpty)
          let scores = TaskMetrics.score(
            task, prediction: rejected.answer, target: pair.sample.target)
          for metric in Self.deciding(task) {
            let value = try #require(scores[metric], "\(pair.sample.id): no \(metric)")
            #expect(
              value < 1,
              "\(pair.sample.id) \(rejected.reason): \(rejected.answer) scores \(metric) \(value)")
          }
        }
      }
    }
    #expect(tasks == Set(TaskKind.allCases))
    #expect(
      reasons.isSuperset(of: [.boxOfAnotherElement, .textNotOnPage, .edgeLeadsElsewhere]),
      "\(reasons)")
    #expect(total > 500)
  }

  @Test("answers the hierarchy proves wrong are the ones the hallucination check flags")
  func hierarchyProofsAreFlagged() throws {
    let (pairs, _) = try build(CorpusOptions())
    var checked = 0
    for pair in pairs {
      let tree = try UITree(contentsOf: pair.sample.hierarchies[0])
      let evidence = PageEvidence(tree: tree)
      #expect(
        HallucinationFinding.findings(
          pair.sample.task, prediction: pair.chosen, evidence: evidence
        ).isEmpty, "\(pair.sample.id): the chosen answer is flagged")
      for rejected in pair.rejected {
        let kinds = Set(
          HallucinationFinding.findings(
            pair.sample.task, prediction: rejected.answer, evidence: evidence
          ).map(\.kind))
        switch rejected.reason {
        case .textNotOnPage:
          #expect(kinds.contains(.textNotOnPage), "\(pair.sample.id): \(rejected.answer)")
          checked += 1
        case .boxOfAnotherElement:
          #expect(kinds.contains(.boxWithoutText), "\(pair.sample.id): \(rejected.answer)")
          checked += 1
        case .edgeLeadsElsewhere, .wrongScrollDirection:
          // A real action of the page: wrong by the graph, not made up.
          #expect(kinds.isEmpty, "\(pair.sample.id): \(rejected.answer) flagged \(kinds)")
        }
      }
    }
    #expect(checked > 100)
  }

  @Test("the same seed gives the same pairs; action prediction pairs name where they lead")
  func determinism() throws {
    var options = CorpusOptions()
    options.seed = 5
    let (first, _) = try build(options)
    let (second, _) = try build(options)
    #expect(first == second)
    let actions = first.filter { $0.sample.task == .actionPrediction }
    #expect(!actions.isEmpty)
    for pair in actions {
      for rejected in pair.rejected {
        #expect(rejected.why.contains("never to page \(pair.sample.page)"), "\(rejected.why)")
      }
    }
  }

  @Test("the written files: LLaMA-Factory ShareGPT, TRL, dataset_info.json, pairs.jsonl")
  func files() throws {
    var options = CorpusOptions()
    options.tasks = [.grounding, .actionPrediction]
    let (pairs, summary) = try build(options)
    let out = try Fixtures.temporaryDirectory("preference-out")
    let writer = try CorpusWriter(folder: out, format: .qwen, images: .link)
    for pair in pairs { try writer.write(pair) }
    try writer.finish(summary: summary, settings: [:])
    func json(_ name: String) throws -> Any {
      try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(name)))
    }
    func lines(_ name: String) throws -> [[String: Any]] {
      try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        .split(separator: "\n").map {
          try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }
    let trainPairs = summary.pairs?.values.compactMap { $0["train"] }.reduce(0, +) ?? 0
    #expect(trainPairs > 0)
    let sharegpt = try #require(try json("train.dpo.sharegpt.json") as? [[String: Any]])
    let trl = try lines("train.dpo.trl.jsonl")
    #expect(sharegpt.count == trainPairs && trl.count == trainPairs)
    for (factory, record) in zip(sharegpt, trl) {
      let images = try #require(factory["images"] as? [String])
      #expect(images == record["images"] as? [String])
      let human = try #require((factory["conversations"] as? [[String: String]])?.first)
      #expect(human["from"] == "human")
      #expect(human["value"]?.components(separatedBy: "<image>").count == images.count + 1)
      #expect((factory["chosen"] as? [String: String])?["from"] == "gpt")
      #expect((factory["rejected"] as? [String: String])?["from"] == "gpt")
      let prompt = try #require(record["prompt"] as? [[String: Any]])
      let parts = try #require(prompt.first?["content"] as? [[String: String]])
      #expect(parts.filter { $0["type"] == "image" }.count == images.count)
      #expect(parts.last?["type"] == "text")
      let chosen = try #require(record["chosen"] as? [[String: Any]])
      let chosenParts = try #require(chosen.first?["content"] as? [[String: String]])
      #expect(chosen.first?["role"] as? String == "assistant")
      #expect(chosenParts.first?["text"] == (factory["chosen"] as? [String: String])?["value"])
      for image in images {
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(image).path))
      }
    }
    let info = try #require(try json("dataset_info.json") as? [String: [String: Any]])
    let train = try #require(info["m3m_dpo_train"])
    #expect(train["file_name"] as? String == "train.dpo.sharegpt.json")
    #expect(train["ranking"] as? Bool == true && train["formatting"] as? String == "sharegpt")
    let described = try lines("pairs.jsonl")
    #expect(described.count == summary.totalPairs)
    #expect(described.allSatisfy { $0["reason"] is String && $0["why"] is String })
    #expect(try lines("samples.jsonl").count == pairs.count)
  }
  @Test("a scroll the other way is rejected when its recorded transitions lead elsewhere")
  func wrongScrollDirection() throws {
    // A trace (m3m's steps.jsonl) over the sample's mail screens: from the inbox, scrolling its
    // list down led to one screen, up to another.
    let mail = Fixtures.repositoryRoot.appendingPathComponent("Mobile3M/mail_graph_8000").path
    let folder = try Fixtures.temporaryDirectory("scroll-trace")
    for (page, name) in [("mail0", "home"), ("mail0_1", "down"), ("mail0_10", "up")] {
      try FileManager.default.copyItem(
        atPath: "\(mail)/\(page)/\(page)-xml.txt", toPath: folder.path + "/\(name).xml")
      try FileManager.default.copyItem(
        atPath: "\(mail)/\(page)/\(page)-screen.png", toPath: folder.path + "/\(name).png")
    }
    let list = #""bounds": "[24,664][696,964]", "x": 360, "y": 814"#
    try [
      #"{"id": "home", "app": "mail", "xml": "home.xml", "screenshot": "home.png"}"#,
      #"{"id": "down", "xml": "down.xml", "screenshot": "down.png", "action": {"type": "scroll", "direction": "down", "#
        + list + "}}",
      #"{"id": "again", "from": null, "xml": "home.xml", "screenshot": "home.png"}"#,
      #"{"id": "up", "xml": "up.xml", "screenshot": "up.png", "action": {"type": "scroll", "direction": "up", "#
        + list + "}}",
    ].joined(separator: "\n").write(
      to: folder.appendingPathComponent("steps.jsonl"), atomically: true, encoding: .utf8)
    let path = folder.appendingPathComponent("g.sqlite").path
    _ = try GraphIngester(database: Database(path: path)).ingest(
      try TraceFolderReader.steps(in: folder.path), source: folder.path, format: "trace")
    var options = CorpusOptions()
    options.tasks = [.actionPrediction]
    var pairs: [PreferenceSample] = []
    _ = try PreferenceBuilder(database: Database(path: path, mode: .readOnly), options: options)
      .build { pairs.append($0) }
    #expect(pairs.count == 2)
    for pair in pairs {
      let other = pair.chosen.hasSuffix(",down)") ? "up" : "down"
      #expect(
        pair.rejected.map(\.answer) == ["scroll(<box>[24,664][696,964]</box>,\(other))"],
        "\(pair.chosen): \(pair.rejected)")
      #expect(pair.rejected.first?.reason == .wrongScrollDirection)
      let scores = TaskMetrics.score(
        .actionPrediction, prediction: pair.rejected[0].answer, target: pair.sample.target)
      #expect(scores["action_ocr_acc"] == 0 && scores["exact_acc"] == 0)
    }
  }
}
