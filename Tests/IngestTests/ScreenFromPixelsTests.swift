import Foundation
import Geometry
import GraphStore
import Ingest
import Screenshots
import TestSupport
import Testing
import TextRecognition

/// Screens with a screenshot and no dump become pages read from pixels (OCR lines as elements).
@Suite("Ingest: screens from pixels")
struct ScreenFromPixelsTests {
  /// An AppAgent task folder: screens 1 and 3 with dumps, screen 2 a screenshot alone.
  func appAgentTask() throws -> String {
    let task = "task_ocr"
    let folder = try Fixtures.temporaryDirectory("ocr-ingest").appendingPathComponent(task)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for number in [1, 3] {
      let xml =
        "<hierarchy rotation=\"0\"><node class=\"android.widget.FrameLayout\" "
        + "package=\"com.example\" bounds=\"[0,0][600,400]\"><node text=\"Screen \(number)\" "
        + "class=\"android.widget.Button\" package=\"com.example\" clickable=\"true\" "
        + "bounds=\"[0,0][600,100]\"/></node></hierarchy>"
      try xml.write(
        to: folder.appendingPathComponent("\(task)_\(number).xml"), atomically: true,
        encoding: .utf8)
      try Data(RGBAImage(width: 600, height: 400).pngData()).write(
        to: folder.appendingPathComponent("\(task)_\(number).png"))
    }
    var image = RGBAImage(width: 600, height: 400)
    image.draw("Settings", at: Point(x: 40, y: 60), scale: 3)
    image.draw("Choose from Gallery", at: Point(x: 40, y: 200), scale: 3)
    try Data(image.pngData()).write(to: folder.appendingPathComponent("\(task)_2.png"))
    return folder.path
  }

  @Test("with OCR the screenshot-only screen is a page of OCR text elements, not a reject")
  func screenshotOnlyScreen() throws {
    let folder = try appAgentTask()
    let db = try Database(
      path: Fixtures.temporaryDirectory().appendingPathComponent("g.sqlite").path)
    var options = GraphIngester.Options()
    options.textRecognition = try TextRecognizerPool(RecognitionSettings())
    let summary = try GraphIngester(database: db, options: options).ingest(
      AppAgentReader.steps(in: folder), source: folder, format: "appagent")
    #expect(summary.rejected == 0)
    #expect(summary.visits == 3)
    let page = try #require(
      try db.scalar("SELECT page_id FROM visit WHERE record = 'step_2' AND xml_path IS NULL"))
    let rows = try db.fetchAll(
      "SELECT class, text, x1, y1, x2, y2, clickable FROM element WHERE page_id = ? "
        + "ORDER BY node_index", [.integer(page)])
    #expect(rows.count == 3, "\(rows)")
    #expect(rows.first?[0].string == "m3m.OCRScreen")
    let texts = rows.dropFirst().compactMap { $0[1].string }
    #expect(rows.dropFirst().allSatisfy { $0[0].string == "m3m.OCRTextView" && $0[6].int64 == 1 })
    #expect(texts.contains { editSimilarity($0, "Settings") >= 0.8 }, "\(texts)")
    #expect(texts.contains { editSimilarity($0, "Choose from Gallery") >= 0.8 }, "\(texts)")
    // The page's compact HTML is made of the OCR lines.
    let html = try db.fetchAll("SELECT html FROM page WHERE id = ?", [.integer(page)]).first?[0]
      .string
    #expect(html?.contains("class=\"m3m.OCRTextView\"") == true, "\(html ?? "")")
  }

  @Test("without OCR the same screen is rejected as screenshot-only")
  func withoutOCR() throws {
    let folder = try appAgentTask()
    let db = try Database(
      path: Fixtures.temporaryDirectory().appendingPathComponent("g.sqlite").path)
    let summary = try GraphIngester(database: db).ingest(
      AppAgentReader.steps(in: folder), source: folder, format: "appagent")
    #expect(summary.rejected == 1)
    #expect(try db.scalar("SELECT count(*) FROM reject WHERE reason LIKE '%screenshot only%'") == 1)
  }

  @Test("a screenshot-only screen OCR cannot read is rejected with the reason, the rest kept")
  func unreadableScreenshot() throws {
    let folder = try appAgentTask()
    try Data("not a picture".utf8).write(
      to: URL(fileURLWithPath: folder).appendingPathComponent("task_ocr_2.png"))
    let db = try Database(
      path: Fixtures.temporaryDirectory().appendingPathComponent("g.sqlite").path)
    var options = GraphIngester.Options()
    options.textRecognition = try TextRecognizerPool(RecognitionSettings())
    let summary = try GraphIngester(database: db, options: options).ingest(
      AppAgentReader.steps(in: folder), source: folder, format: "appagent")
    #expect(summary.rejected == 1 && summary.visits == 2)
    let reason = try db.fetchAll("SELECT reason FROM reject").first?[0].string
    #expect(reason?.contains("task_ocr_2.png") == true, "\(reason ?? "")")
    #expect(reason?.contains("OCR") == true, "\(reason ?? "")")
  }
}

@Suite(
  "Ingest: AppAgent's screenshot-only screens by OCR (../shared/realdata)",
  .enabled(if: Fixtures.hasRealData, "\(Fixtures.realDataMissing)"))
struct ScreenFromPixelsConformanceTests {
  @Test("the five screenshot-only screens of the AppAgent runs become pages with OCR text")
  func appAgent() throws {
    let tasks = Fixtures.realData.appendingPathComponent("Untergang1__AppAgent/tasks")
    let db = try Database(
      path: Fixtures.temporaryDirectory().appendingPathComponent("a.sqlite").path)
    var options = GraphIngester.Options()
    options.textRecognition = try TextRecognizerPool(RecognitionSettings())
    let ingester = try GraphIngester(database: db, options: options)
    var rejected = 0
    for name in try FileManager.default.contentsOfDirectory(atPath: tasks.path).sorted() {
      let folder = tasks.appendingPathComponent(name).path
      rejected += try ingester.ingest(
        AppAgentReader.steps(in: folder), source: folder, format: "appagent"
      ).rejected
    }
    #expect(rejected == 0)
    let pixelPages = try db.fetchAll(
      """
      SELECT v.page_id, (SELECT count(*) FROM element e
        WHERE e.page_id = v.page_id AND e.class = 'm3m.OCRTextView')
      FROM visit v JOIN element r ON r.page_id = v.page_id AND r.class = 'm3m.OCRScreen'
      WHERE v.xml_path IS NULL
      """)
    #expect(pixelPages.count == 5, "\(pixelPages)")
    // Four of them are app screens full of text; one is a launcher (light text on wallpaper).
    #expect(pixelPages.filter { ($0[1].int64 ?? 0) >= 3 }.count >= 4, "\(pixelPages)")
  }
}
