import Foundation
import GraphStore
import Ingest
import TestSupport
import Testing
import TextRecognition

/// AitZ episodes (screenshots and actions, no dumps): each screenshot a page read by OCR, the
/// steps linked by their actions.
@Suite("Ingest: AitZ episodes")
struct AitZIngestTests {
  /// Episode `GENERAL-7` in AitZ's own layout (`GENERAL-7/GENERAL-7.json`): a tap on
  /// "Settings" (centre (124, 50) of 700 × 400), a tap on an empty spot, then COMPLETE.
  func episodeFolder() throws -> URL {
    let folder = try Fixtures.temporaryDirectory("aitz-ingest").appendingPathComponent(
      "GENERAL-7")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try AitZFixture.writeEpisode(
      named: "GENERAL-7", goal: "Turn on Dark mode",
      screens: [["Settings", "Search"], ["Display", "Sound"], ["Dark mode"]],
      actions: [
        [
          "result_action_type": 4, "result_touch_yx": "[0.125, 0.177]",
          "result_lift_yx": "[0.125, 0.177]",
        ],
        ["result_action_type": "4", "result_touch_yx": [0.9, 0.9], "result_lift_yx": [0.9, 0.9]],
        ["result_action_type": 10, "result_touch_yx": "[-1, -1]", "result_lift_yx": "[-1, -1]"],
      ], into: folder)
    return folder
  }

  func ingest(_ folder: URL, ocr: Bool = true) throws -> (Database, IngestSummary) {
    let db = try Database(
      path: Fixtures.temporaryDirectory().appendingPathComponent("g.sqlite").path)
    var options = GraphIngester.Options()
    if ocr { options.textRecognition = try TextRecognizerPool(RecognitionSettings()) }
    let format = try TraceFormat.detect(folder.path)
    let summary = try GraphIngester(database: db, options: options).ingest(
      format.steps(in: folder.path), source: folder.path, format: format.rawValue)
    return (db, summary)
  }

  @Test("AitZ's layout is recognised (not as an AppAgent task) and read step by step")
  func reader() throws {
    let folder = try episodeFolder()
    #expect(try TraceFormat.detect(folder.path) == .aitz)
    let steps = try AitZReader.steps(in: folder.path)
    #expect(steps.map(\.record) == ["GENERAL-7/0", "GENERAL-7/1", "GENERAL-7/2"])
    #expect(steps.map(\.parentRecord) == [nil, "GENERAL-7/0", "GENERAL-7/1"])
    #expect(steps.allSatisfy { $0.xmlPath == nil && $0.problem == nil && $0.app == "aitz" })
    #expect(steps[0].goal == "Turn on Dark mode")
    // (y, x) 0.125, 0.177 of 700 × 400 is pixel (123, 50); [0.9, 0.9] is (630, 360).
    #expect(steps[1].action?.type == "click" && steps[1].action?.point?.x == 123)
    #expect(steps[1].action?.point?.y == 50)
    #expect(steps[2].action?.point?.x == 630 && steps[2].action?.point?.y == 360)
    #expect(steps[2].finalAction?.type == "done")
    // The parent of an AitZ root is searched for episode folders.
    #expect(TraceFormat.expand(folder.deletingLastPathComponent().path) == [folder.path])
  }

  @Test("each screenshot a page of OCR text; a tap on a line is an edge on that element")
  func pagesAndEdges() throws {
    let (db, summary) = try ingest(try episodeFolder())
    #expect(summary.rejected == 0 && summary.visits == 3 && summary.newPages == 3, "\(summary)")
    #expect(summary.newEdges == 2)
    let pages = try db.fetchAll(
      "SELECT DISTINCT e.page_id FROM element e WHERE e.class = 'm3m.OCRScreen'")
    #expect(pages.count == 3)
    let edges = try db.fetchAll(
      """
      SELECT a.type, e.class, e.text, t.x, t.y FROM visit_edge t
      JOIN action a ON a.id = t.action_id LEFT JOIN element e ON e.id = t.element_id
      ORDER BY t.id
      """)
    #expect(edges.count == 2, "\(edges)")
    // The tap on "Settings" is on its OCR line.
    #expect(edges.first?[0].string == "click" && edges.first?[1].string == "m3m.OCRTextView")
    #expect(edges.first.map { editSimilarity($0[2].string ?? "", "Settings") >= 0.8 } == true)
    // The tap on an empty spot is a point action: no element, its point kept.
    #expect(edges.last?[0].string == "click" && edges.last?[1].string == nil, "\(edges)")
    #expect(edges.last?[3].int64 == 630 && edges.last?[4].int64 == 360)
  }

  @Test("without OCR every screen is rejected as screenshot-only")
  func withoutOCR() throws {
    let (db, summary) = try ingest(try episodeFolder(), ocr: false)
    #expect(summary.rejected == 3 && summary.visits == 0)
    #expect(try db.scalar("SELECT count(*) FROM reject WHERE reason LIKE '%screenshot only%'") == 3)
  }

  @Test("bad episodes beside a good one: each rejected with its file and reason, the good kept")
  func badEpisodes() throws {
    let folder = try episodeFolder()
    try Data("[{\"result_action_type\": 4, \"result_touch".utf8).write(
      to: folder.appendingPathComponent("GENERAL-8.json"))
    try AitZFixture.writeEpisode(
      named: "GENERAL-9", goal: "Open Sound", screens: [["Sound"], ["Volume"]],
      actions: [["result_action_type": 4], ["result_action_type": 9]], into: folder)
    try AitZFixture.writeEpisode(
      named: "GENERAL-10", goal: "Open Sound", screens: [["Sound"]],
      actions: [["result_action_type": 4, "result_touch_yx": "[1.5, 0.2]"]], into: folder)
    try AitZFixture.writeEpisode(
      named: "GENERAL-11", goal: "Open Sound", screens: [["Sound"]],
      actions: [["result_action_type": 4, "result_touch_yx": "oops"]], into: folder)
    let (db, summary) = try ingest(folder)
    #expect(summary.visits == 3 && summary.newEdges == 2, "\(summary)")
    #expect(summary.rejected == 4, "\(summary)")
    let reasons = try db.fetchAll("SELECT file, reason FROM reject ORDER BY file").map {
      ($0[0].string ?? "", $0[1].string ?? "")
    }
    #expect(reasons.count == 4, "\(reasons)")
    #expect(
      reasons.contains {
        $0.0.hasSuffix("GENERAL-11.json") && $0.1.contains("not a [y, x] pair of numbers: oops")
      }, "\(reasons)")
    #expect(
      reasons.contains {
        $0.0.hasSuffix("GENERAL-8.json") && $0.1.contains("GENERAL-8.json")
          && $0.1.contains("not valid JSON")
      }, "\(reasons)")
    #expect(
      reasons.contains {
        $0.0.hasSuffix("GENERAL-9.json") && $0.1.contains("GENERAL-9.json step 0")
          && $0.1.contains("without result_touch_yx")
      }, "\(reasons)")
    #expect(
      reasons.contains {
        $0.0.hasSuffix("GENERAL-10.json") && $0.1.contains("step 0")
          && $0.1.contains("outside 0–1")
      }, "\(reasons)")
  }
}
