import Foundation
import Ingest
import TestSupport
import Testing

@testable import Screenshots

/// Readers that find a screenshot by its name beside a dump or an episode file take a `.jpg`
/// (or `.jpeg`) where a `.png` is absent, as DroidBot's JPEG screenshots are taken.
@Suite("JPEG screenshots found by name")
struct JPEGScreenshotNamesTests {
  @Test("a folder of bare dumps: home.jpg is home.xml's screenshot; a .png still comes first")
  func dumpFolder() throws {
    let folder = try Fixtures.temporaryDirectory("dumps-jpeg")
    let jpeg = Data(try RGBAImage(width: 32, height: 64, fill: .white).jpegData())
    for name in ["home", "list", "both"] {
      try "<hierarchy><node class=\"a\" package=\"p\" bounds=\"[0,0][32,64]\"/></hierarchy>"
        .write(
          to: folder.appendingPathComponent(name + ".xml"), atomically: true, encoding: .utf8)
    }
    try jpeg.write(to: folder.appendingPathComponent("home.jpg"))
    try jpeg.write(to: folder.appendingPathComponent("list.jpeg"))
    try jpeg.write(to: folder.appendingPathComponent("both.jpg"))
    try Data(try RGBAImage(width: 32, height: 64, fill: .white).pngData())
      .write(to: folder.appendingPathComponent("both.png"))
    let shots = try Array(DumpFolderReader.steps(in: folder.path)).map {
      $0.screenshotPath.map { URL(fileURLWithPath: $0).lastPathComponent }
    }
    #expect(shots == ["both.png", "home.jpg", "list.jpeg"] as [String?])
  }

  @Test("an AitZ step without image_path takes <episode>_<n>.jpg beside the JSON")
  func aitzGuess() throws {
    let folder = try Fixtures.temporaryDirectory("aitz-jpeg")
    try Data(try RGBAImage(width: 40, height: 80, fill: .white).jpegData())
      .write(to: folder.appendingPathComponent("EP-1_0.jpg"))
    let file = folder.appendingPathComponent("EP-1.json")
    try #"[{"result_action_type": 10, "instruction": "done"}]"#.write(
      to: file, atomically: true, encoding: .utf8)
    let steps = try AitZReader.episode(file.path, app: "aitz")
    #expect(steps.count == 1 && steps[0].problem == nil, "\(steps.map(\.problem))")
    #expect(steps[0].screenshotPath == folder.appendingPathComponent("EP-1_0.jpg").path)
    #expect(steps[0].screenSize?.width == 40 && steps[0].screenSize?.height == 80)
  }
}
