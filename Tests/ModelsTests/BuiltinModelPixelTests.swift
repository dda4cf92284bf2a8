import Foundation
import Geometry
import Screenshots
import Tasks
import TestSupport
import Testing

@testable import Models

/// The built-in model on screens without a dump: it reads the screenshot's text by OCR. The
/// screens are drawn by the test in m3m's 5×7 font at scale 3 (texts Tesseract reads there).
@Suite("Built-in model reading pixels")
struct BuiltinModelPixelTests {
  /// A 700-pixel-wide PNG with `texts` one under another; returns its path.
  static func screen(_ texts: [String], name: String) throws -> String {
    let folder = try Fixtures.temporaryDirectory("builtin-pixels")
    var image = RGBAImage(width: 700, height: 80 * texts.count + 40)
    for (row, text) in texts.enumerated() {
      image.draw(text, at: Point(x: 40, y: 40 + row * 80), scale: 3)
    }
    let path = folder.appendingPathComponent(name).path
    try Data(image.pngData()).write(to: URL(fileURLWithPath: path))
    return path
  }

  func navigation(_ goal: String, image: String, model: BuiltinModel) async throws -> String {
    try await model.answer(
      ModelRequest(task: .navigation, instruction: goal, images: [image], hierarchies: []))
  }

  @Test("no dump: element list and grounding come from OCR lines; the name says builtin(ocr)")
  func elementListAndGrounding() async throws {
    let image = try Self.screen(["Settings", "Choose from Gallery"], name: "s.png")
    let model = try BuiltinModel(language: .en)
    #expect(model.name == "builtin(xml)")
    let list = try await model.answer(
      ModelRequest(task: .elementList, instruction: "", images: [image], hierarchies: []))
    #expect(list.contains("Settings") && list.contains("Choose from Gallery"), "\(list)")
    #expect(model.name == "builtin(ocr)")
    let grounded = try await model.answer(
      ModelRequest(
        task: .grounding, instruction: "Where is \"Gallery\"?", images: [image], hierarchies: []))
    let answer = ParsedAnswer(grounded)
    #expect(answer.ref == "Choose from Gallery", "\(grounded)")
    // Drawn at (40, 120), 21 px high: the box's centre is on the text.
    let centre = try #require(answer.box?.center, "\(grounded)")
    #expect(centre.y > 120 && centre.y < 141 && centre.x > 40 && centre.x < 450, "\(grounded)")
  }

  @Test("navigation from OCR: tap the named line, type into 'Search', scroll when absent")
  func navigation() async throws {
    let image = try Self.screen(["Settings", "Search"], name: "nav.png")
    let model = try BuiltinModel(language: .en)
    let tap = ParsedAnswer(try await navigation("Open Settings", image: image, model: model))
    #expect(tap.action == "click" && tap.ref == "Settings")
    let typed = try await navigation("Search for weather", image: image, model: model)
    let input = ParsedAnswer(typed)
    #expect(input.action == "input" && input.quotedText == "weather", "\(typed)")
    #expect(input.ref == "Search", "\(typed)")
    let scroll = try await navigation("Turn on Bluetooth", image: image, model: model)
    #expect(ParsedAnswer(scroll).action == "scroll" && scroll.hasSuffix(",up)"), "\(scroll)")
  }

  @Test("dump and screenshot: OCR adds the text the dump lacks; the name says builtin(xml+ocr)")
  func hierarchyAndPixels() async throws {
    let image = try Self.screen(["Settings", "Search"], name: "both.png")
    let xml = URL(fileURLWithPath: image).deletingLastPathComponent()
      .appendingPathComponent("both.xml")
    // The dump has the first line only (the second is drawn by a WebView, say).
    try
      ("<hierarchy><node class=\"android.widget.FrameLayout\" package=\"p\" bounds=\"[0,0][700,200]\">"
      + "<node text=\"Settings\" class=\"android.widget.TextView\" package=\"p\" clickable=\"true\" "
      + "bounds=\"[40,40][208,61]\"/></node></hierarchy>")
      .write(to: xml, atomically: true, encoding: .utf8)
    let request = ModelRequest(
      task: .elementList, instruction: "", images: [image], hierarchies: [xml.path])

    let dumpOnly = try BuiltinModel(language: .en)
    let fromDump = try await dumpOnly.answer(request)
    #expect(!fromDump.contains("Search") && fromDump.contains("Settings"))
    #expect(dumpOnly.name == "builtin(xml)")

    let both = try BuiltinModel(language: .en, reading: .hierarchyAndPixels)
    let list = try await both.answer(request)
    #expect(list.contains("Search"), "\(list)")
    // "Settings" is in the dump: OCR does not add it a second time.
    #expect(list.components(separatedBy: "Settings").count == 2, "\(list)")
    #expect(both.name == "builtin(xml+ocr)")
  }
}
