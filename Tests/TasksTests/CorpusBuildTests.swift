import Foundation
import GraphStore
import Ingest
import Tasks
import TestSupport
import Testing

@Suite("Corpus build over the bundled Mobile3M sample")
struct CorpusBuildTests {
  /// The bundled sample, ingested once for all suites.
  static var graph: Result<String, any Error> { Fixtures.sampleGraph }

  func build(_ options: CorpusOptions) throws -> ([TaskSample], CorpusSummary) {
    let db = try Database(path: try Self.graph.get(), mode: .readOnly)
    var samples: [TaskSample] = []
    let summary = try CorpusBuilder(database: db, options: options).build { samples.append($0) }
    return (samples, summary)
  }

  @Test("the same seed gives the same corpus; another seed other templates")
  func determinism() throws {
    var options = CorpusOptions()
    options.seed = 7
    let (first, summary) = try build(options)
    let (second, _) = try build(options)
    #expect(first == second)
    #expect(first.count == summary.total)
    #expect(Set(first.map(\.task)) == [.elementList, .actionSpace, .grounding, .actionPrediction])
    options.seed = 8
    let (other, _) = try build(options)
    #expect(other.map(\.instruction) != first.map(\.instruction))
    #expect(
      other.filter { $0.task == .actionSpace }.map(\.target)
        == first.filter { $0.task == .actionSpace }.map(\.target))
  }

  @Test("samples follow the original's shapes: ids, prompts, targets")
  func shapes() throws {
    let (samples, _) = try build(CorpusOptions())
    let templates = try PromptTemplates.load(.zh)
    for (number, sample) in samples.enumerated() {
      #expect(sample.id == "\(sample.task.idPrefix)_\(number)")
      #expect(!sample.target.contains("img>"))
      switch sample.task {
      case .elementList:
        #expect(templates.elementList.contains(sample.instruction))
        #expect(sample.target.hasPrefix("<ref>"))
      case .actionSpace:
        #expect(templates.actionSpace.contains(String(sample.instruction.dropFirst())))
        #expect(sample.instruction.hasPrefix("\n") && sample.target.hasPrefix("可点击控件有\n"))
      case .grounding:
        let text = try #require(sample.referringText)
        #expect(sample.target.hasPrefix("<ref>\(text)</ref><box>["))
        #expect(
          PromptTemplates.slotText(in: sample.instruction, templates: templates.grounding) == text)
      case .actionPrediction:
        #expect(sample.images.count == 2 && sample.hierarchies.count == 2)
        #expect(["click(", "input(", "scroll("].contains { sample.target.hasPrefix($0) })
      case .navigation:
        break
      }
    }
    // At most five distinct grounding texts per page.
    let perPage = Dictionary(grouping: samples.filter { $0.task == .grounding }, by: \.page)
    #expect(
      perPage.values.allSatisfy { $0.count <= 5 && Set($0.map(\.referringText)).count == $0.count })
  }

  @Test("unseen apps are held out whole; the written corpus parses and links its images")
  func splitsAndFiles() throws {
    var options = CorpusOptions()
    options.splits = SplitPlan(unseenApps: ["notes"], seenPercent: 20)
    options.language = .en
    let (samples, summary) = try build(options)
    #expect(samples.filter { $0.app == "notes" }.allSatisfy { $0.split == .unseen })
    #expect(samples.filter { $0.app != "notes" }.allSatisfy { $0.split != .unseen })
    #expect(samples.contains { $0.split == .seen })
    #expect(samples.contains { $0.task == .navigation })
    let folder = try Fixtures.temporaryDirectory("corpus-out")
    for format in CorpusFormat.allCases {
      let out = folder.appendingPathComponent(format.rawValue)
      let writer = try CorpusWriter(folder: out, format: format, images: .link)
      for sample in samples { try writer.write(sample) }
      try writer.finish(summary: summary, settings: ["seed": "0"])
      let train = out.appendingPathComponent(format == .qwen ? "train.json" : "train.jsonl")
      let text = try String(contentsOf: train, encoding: .utf8)
      let records: [[String: Any]] =
        format == .qwen
        ? try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        : try text.split(separator: "\n").map {
          try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
      #expect(records.count == summary.samples.values.compactMap { $0["train"] }.reduce(0, +))
      let first = try #require(records.first)
      let turns = try #require(first["conversations"] as? [[String: String]])
      let image: String
      if format == .qwen {
        #expect(turns.map { $0["from"] } == ["user", "assistant"])
        let user = try #require(turns.first?["value"])
        #expect(user.hasPrefix("Picture 1: <img>images/"))
        image = String(user.dropFirst("Picture 1: <img>".count).prefix { $0 != "<" })
      } else {
        #expect(turns.map { $0["from"] } == ["human", "gpt"])
        image = try #require(first["image"] as? String)
      }
      let linked = out.appendingPathComponent(image).path
      #expect(FileManager.default.fileExists(atPath: linked), "missing image \(linked)")
      #expect(try Data(contentsOf: URL(fileURLWithPath: linked)).starts(with: [0x89, 0x50]))
    }
  }
}
