import Foundation
import GraphStore
import Ingest
import SyntheticApps
import Tasks
import TestSupport
import Testing

/// Stage-3 navigation selected and phrased as the original's `build_self_test.py`.
@Suite("Navigation samples chosen as the original chooses them")
struct NavigationSelectionTests {
  /// `home` has five children, three of them self-loops (two clicks that stay, and the tap on
  /// the field); `hotel` has four, but its `-html.txt` is under 512 bytes.
  static let app = """
    {"name": "trip", "package": "p", "root": "home", "keywords": ["上海"],
     "pages": {
       "home": {"title": "首页", "elements": [
         {"kind": "input", "id": "city", "text": "北京", "to": "list"},
         {"text": "酒店", "id": "hotel", "to": "hotel"},
         {"text": "机票", "id": "flight", "to": "home"},
         {"text": "火车票", "id": "train", "to": "home"},
         {"text": "汽车票", "id": "bus", "to": "home"},
         {"text": "门票", "id": "ticket", "to": "home"}]},
       "list": {"title": "列表", "elements": [{"text": "返回", "to": "home"}]},
       "hotel": {"title": "酒店", "elements": [
         {"text": "一", "to": "list"}, {"text": "二", "to": "list"},
         {"text": "三", "to": "list"}, {"text": "四", "to": "list"}]}
     }}
    """

  @Test("parents by children self-loops included, -html.txt of 512 bytes, {text} the element's")
  func selection() throws {
    let definition = try JSONDecoder().decode(AppDefinition.self, from: Data(Self.app.utf8))
    let out = try Fixtures.temporaryDirectory()
    let written = try Mobile3MDatasetWriter(app: definition).write(to: out.path)
    let path = out.appendingPathComponent("g.sqlite").path
    _ = try GraphIngester(database: Database(path: path)).ingest(
      Mobile3MReader.steps(in: written.folder), source: written.folder, format: "mobile3m")
    let db = try Database(path: path, mode: .readOnly)
    // The layout's own files: home's is over 512 bytes, hotel's under.
    let home = try Data(contentsOf: URL(fileURLWithPath: written.folder + "/trip0/trip0-html.txt"))
    #expect(home.count >= 512)
    let hotel = try #require(
      try FileManager.default.contentsOfDirectory(atPath: written.folder).compactMap { name in
        FileManager.default.contents(atPath: "\(written.folder)/\(name)/\(name)-html.txt")
      }.first { String(decoding: $0, as: UTF8.self).contains("> 四 <") })
    #expect(hotel.count < 512)

    var options = CorpusOptions()
    options.tasks = [.navigation]
    var samples: [TaskSample] = []
    let summary = try CorpusBuilder(database: db, options: options).build { samples.append($0) }
    let sample = try #require(samples.first)
    #expect(samples.count == 1)
    #expect(summary.skipped["navigation page with -html.txt under 512 bytes"] == 1)
    #expect(sample.target == "input(带有文本<ref>北京 </ref>的输入框, <box>[24,200][696,300]</box>,  '上海')")
    let templates = try PromptTemplates.load(.zh)
    #expect(
      PromptTemplates.slotText(in: sample.instruction, templates: templates.navigationInput)
        == "北京")
    #expect(sample.referringText == "北京" && sample.inputText == "上海")
  }
}
