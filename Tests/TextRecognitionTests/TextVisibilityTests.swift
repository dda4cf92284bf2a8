import Geometry
import Screenshots
import Testing
import UIHierarchy

@testable import TextRecognition

@Suite("Which of a dump's text nodes its screenshot can show")
struct TextVisibilityTests {
  /// A white 1080×2400 screen with dark strokes (a stand-in for text) in `inked` boxes.
  func screenshot(inked: [Bounds]) -> RGBAImage {
    var image = RGBAImage(width: 1080, height: 2400)
    for box in inked {
      for y in box.top..<box.bottom where y % 6 < 3 {
        for x in box.left..<box.right where x % 5 < 2 {
          let offset = (y * 1080 + x) * 4
          image.pixels[offset] = 40
          image.pixels[offset + 1] = 40
          image.pixels[offset + 2] = 40
        }
      }
    }
    return image
  }

  func hidden(_ xml: String, screenshot: RGBAImage? = nil) throws -> [String: TextVisibility?] {
    let tree = try UITree(parsing: Array(xml.utf8), source: "t.xml")
    let screen = Bounds(left: 0, top: 0, right: 1080, bottom: 2400)
    var result: [String: TextVisibility?] = [:]
    for node in tree.nodes where !node.text.isEmpty {
      guard let box = node.bounds?.intersection(screen) else { continue }
      result[node.text] = TextVisibility.hidden(
        node, in: tree, box: box, screenshot: screenshot)
    }
    return result
  }

  @Test("a row its list clips to a sliver is hidden; one inside its list is shown")
  func clipped() throws {
    let result = try hidden(
      """
      <hierarchy>
      <node class="android.widget.ListView" bounds="[0,200][1080,2000]">
        <node class="android.widget.TextView" text="Inside" bounds="[0,300][600,360]"/>
        <node class="android.widget.TextView" text="Sliver" bounds="[0,1990][600,2050]"/>
        <node class="android.widget.TextView" text="Half" bounds="[0,1970][600,2030]"/>
      </node>
      </hierarchy>
      """)
    #expect(result["Inside"] == .some(nil))
    // 10 rows of 60 are left: under half a line of the smallest text at 1080 px (21 rows).
    #expect(result["Sliver"] == .clipped)
    #expect(result["Half"] == .some(nil))
    #expect(TextVisibility.minimumVisibleHeight(screenWidth: 1080) == 21)
  }

  @Test("Launcher3's hotseat icons carry labels it does not draw; another dock's badges show")
  func hotseat() throws {
    let result = try hidden(
      """
      <hierarchy>
      <node class="android.widget.FrameLayout" bounds="[0,0][1080,2400]">
        <node class="android.view.ViewGroup" resource-id="com.google.android.apps.nexuslauncher:id/hotseat"
              bounds="[0,1693][1080,2220]">
          <node class="android.view.ViewGroup" bounds="[60,1693][1020,1870]">
            <node class="android.widget.TextView" text="Phone" bounds="[60,1693][217,1870]"/>
          </node>
        </node>
        <node class="android.widget.TextView" text="Chrome" bounds="[260,1362][419,1644]"/>
        <node class="android.widget.FrameLayout" resource-id="com.miui.home:id/hotseat"
              bounds="[0,2200][1080,2400]">
          <node class="android.widget.TextView" text="2" bounds="[168,2210][223,2265]"/>
        </node>
      </node>
      </hierarchy>
      """)
    #expect(result["Phone"] == .undrawnLabel)
    #expect(result["Chrome"] == .some(nil))
    #expect(result["2"] == .some(nil))
  }

  @Test("a box of one colour on the screenshot cannot show text; without one, no ink test")
  func blank() throws {
    let xml = """
      <hierarchy>
      <node class="android.widget.FrameLayout" bounds="[0,0][1080,2400]">
        <node class="android.widget.TextView" text="Drawn" bounds="[40,100][500,160]"/>
        <node class="android.widget.TextView" text="Not drawn" bounds="[40,300][500,360]"/>
      </node>
      </hierarchy>
      """
    let image = screenshot(inked: [Bounds(left: 60, top: 110, right: 300, bottom: 150)])
    let result = try hidden(xml, screenshot: image)
    #expect(result["Drawn"] == .some(nil))
    #expect(result["Not drawn"] == .blank)
    #expect(try hidden(xml)["Not drawn"] == .some(nil))
    #expect(
      TextVisibility.inkPixels(in: Bounds(left: 40, top: 300, right: 500, bottom: 360), of: image)
        == 0)
  }

  @Test("recall is given over every text node and over the visible ones")
  func comparison() throws {
    let tree = try UITree(
      parsing: Array(
        """
        <hierarchy>
        <node class="android.widget.FrameLayout" bounds="[0,0][1080,2400]">
          <node class="android.widget.TextView" text="Drawn" bounds="[40,100][500,160]"/>
          <node class="android.widget.TextView" text="Missed" bounds="[40,200][500,260]"/>
          <node class="android.widget.TextView" text="Not drawn" bounds="[40,300][500,360]"/>
        </node>
        </hierarchy>
        """.utf8), source: "t.xml")
    let recognized = RecognizedText(
      width: 1080, height: 2400, languages: .english,
      lines: [
        RecognizedLine(
          text: "Drawn", bounds: Bounds(left: 60, top: 110, right: 300, bottom: 150),
          confidence: 90, words: [])
      ])
    let image = screenshot(inked: [
      Bounds(left: 60, top: 110, right: 300, bottom: 150),
      Bounds(left: 60, top: 210, right: 300, bottom: 250),
    ])
    let comparison = TextComparison(tree: tree, recognized: recognized, screenshot: image)
    #expect(comparison.nodes == 3 && comparison.found == 1)
    #expect(comparison.visibleNodes == 2 && comparison.visibleFound == 1)
    #expect(comparison.visibleRecall == 0.5)
    #expect(comparison.details.map(\.hidden) == [nil, nil, .blank])
    let withoutScreenshot = TextComparison(tree: tree, recognized: recognized)
    #expect(withoutScreenshot.visibleNodes == 3)
  }
}
