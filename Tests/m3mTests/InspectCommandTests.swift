import Foundation
import Screenshots
import TestSupport
import Testing

@Suite("m3m inspect")
struct InspectCommandTests {
  let example = "Examples/screens/settings.xml"

  @Test("summary, HTML, actions and JSON of the bundled example")
  func modes() throws {
    let summary = try ProcessResult.run("m3m", ["inspect", example])
    #expect(summary.status == 0)
    #expect(summary.stdout.contains("nodes 48, windows 1"))
    let html = try ProcessResult.run("m3m", ["inspect", example, "--html"])
    #expect(html.stdout.hasPrefix("<button package=\"com.example.settings\""))
    #expect(!html.stdout.contains("bounds=\"[96,"))
    let bounded = try ProcessResult.run("m3m", ["inspect", example, "--html-bounds"])
    #expect(bounded.stdout.contains("bounds=\"[96,315][600,355]\""))
    let actions = try ProcessResult.run(
      "m3m", ["inspect", example, "--actions", "--keywords", "Wi-Fi"])
    let lines = actions.stdout.split(separator: "\n")
    #expect(lines.count == 23)
    #expect(lines.last?.hasSuffix(", 'Wi-Fi')") == true)
    let json = try ProcessResult.run("m3m", ["inspect", example, "--json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect((object?["nodes"] as? [Any])?.count == 48)
  }

  @Test("--original-typo spells a scrollable container's description as the original did")
  func originalTypo() throws {
    let folder = try Fixtures.temporaryDirectory()
    let dump = folder.appendingPathComponent("list.xml")
    try Data(
      ("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation=\"0\">"
        + "<node index=\"0\" text=\"\" resource-id=\"p:id/list\" class=\"android.widget.ListView\" "
        + "package=\"p\" content-desc=\"Songs\" clickable=\"false\" scrollable=\"true\" "
        + "bounds=\"[0,100][720,900]\"><node index=\"0\" text=\"One\" class=\"android.widget.TextView\" "
        + "package=\"p\" content-desc=\"\" clickable=\"true\" bounds=\"[0,100][720,200]\" /></node>"
        + "</hierarchy>").utf8
    ).write(to: dump)
    let list =
      #"<div id="p:id/list" class="android.widget.ListView" descript  ion="Songs" clickable="false" scrollable="true" bounds="[0,100][720,900]">  </div>"#
    let one = #"<p package="p" class="android.widget.TextView" clickable="true"> One </p>"#
    let html = try ProcessResult.run("m3m", ["inspect", dump.path, "--html", "--original-typo"])
    #expect(html.status == 0, "\(html.stderr)")
    #expect(html.stdout == list + "\n" + one + "\n")
    let plain = try ProcessResult.run("m3m", ["inspect", dump.path, "--html"])
    #expect(
      plain.stdout == list.replacingOccurrences(of: "descript  ion", with: "description") + "\n"
        + one + "\n")
    let actions = try ProcessResult.run(
      "m3m", ["inspect", dump.path, "--actions", "--original-typo"])
    #expect(
      actions.stdout
        == "click(\(one))\nscroll(([360, 700], [360, 300]))\nscroll(([360, 300], [360, 700]))\n"
        + "scroll(([540, 500], [180, 500]))\nscroll(([180, 500], [540, 500]))\n")
  }

  @Test("--annotate draws the boxes over the screenshot")
  func annotate() throws {
    let folder = try Fixtures.temporaryDirectory()
    let screenshot = folder.appendingPathComponent("s.png")
    let blank = RGBAImage(width: 720, height: 1280, fill: .white)
    try Data(blank.pngData()).write(to: screenshot)
    let out = folder.appendingPathComponent("boxes.png")
    let result = try ProcessResult.run(
      "m3m", ["inspect", example, "--screenshot", screenshot.path, "--annotate", out.path])
    #expect(result.status == 0, "\(result.stderr)")
    let drawn = try RGBAImage(contentsOfPNG: out.path)
    #expect(drawn.width == 720)
    // The search field [24,176][696,272] is outlined in orange.
    #expect(drawn.pixel(x: 24, y: 200) == .orange)
    #expect(pixelDifferenceRatio(drawn, blank) > 0.01)
  }

  @Test("bad dumps and screenshots: exit 1, one line naming the file and the reason")
  func badInput() throws {
    let folder = try Fixtures.temporaryDirectory()
    let cases: [(String, String, String)] = [
      ("empty.xml", "", "empty dump"),
      ("idle.xml", "ERROR: could not get idle state.\n", "failed to dump the screen"),
      ("cut.xml", "<?xml version='1.0' ?><hierarchy><node text=\"a\"", "truncated XML"),
      ("page.xml", "<!DOCTYPE html><html></html>", "HTML page"),
      ("views.xml", "{\"views\": []}", "JSON"),
    ]
    for (name, content, reason) in cases {
      let path = folder.appendingPathComponent(name).path
      try content.write(toFile: path, atomically: true, encoding: .utf8)
      let result = try ProcessResult.run("m3m", ["inspect", path])
      #expect(result.status == 1, "\(name)")
      let message = result.stderr.trimmingCharacters(in: .newlines)
      #expect(!message.contains("\n"), "\(name): \(message)")
      #expect(message.contains(path) && message.contains(reason), "\(name): \(message)")
    }
    let png = folder.appendingPathComponent("broken.png").path
    try "not a png".write(toFile: png, atomically: true, encoding: .utf8)
    let result = try ProcessResult.run("m3m", ["inspect", example, "--screenshot", png])
    #expect(result.status == 1)
    #expect(result.stderr.contains("broken.png: not a PNG"))
    let missing = try ProcessResult.run("m3m", ["inspect", "/nonexistent/screen.xml"])
    #expect(missing.status == 1 && missing.stderr.contains("/nonexistent/screen.xml: cannot read"))
  }

  @Test(
    "a real phone dump and screenshot annotate end to end",
    .enabled(if: Fixtures.hasRealData, "\(Fixtures.realDataMissing)"))
  func realData() throws {
    let base = Fixtures.realData.appendingPathComponent(
      "test7766987__InterDroid/Dataset/data_example")
    let out = try Fixtures.temporaryDirectory().appendingPathComponent("a.png")
    let result = try ProcessResult.run(
      "m3m",
      [
        "inspect", base.appendingPathComponent("ui_trees/step_1_ui.xml").path, "--screenshot",
        base.appendingPathComponent("screenshots/step_1.png").path, "--annotate", out.path,
      ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try RGBAImage(contentsOfPNG: out.path).width == 1080)
  }
}
