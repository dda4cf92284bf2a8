import Foundation
import Ingest
import TestSupport
import Testing
import UIHierarchy

@Suite("Mobile3M release layout, framed as the original writes it")
struct Mobile3MLayoutTests {
  static let dump = """
    <?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation="0">\
    <node index="0" text="" resource-id="" class="android.widget.FrameLayout" package="p" \
    content-desc="" checkable="false" checked="false" clickable="false" enabled="true" \
    focusable="false" focused="false" scrollable="false" long-clickable="false" \
    password="false" selected="false" bounds="[0,0][720,1184]">\
    <node index="0" text="上海" resource-id="p:id/city" class="android.widget.TextView" \
    package="p" content-desc="" checkable="false" checked="false" clickable="true" \
    enabled="true" focusable="true" focused="false" scrollable="false" long-clickable="false" \
    password="false" selected="false" bounds="[10,140][100,190]" />\
    <node index="1" text="" resource-id="" class="android.widget.ImageView" package="p" \
    content-desc="定位" checkable="false" checked="false" clickable="true" enabled="true" \
    focusable="true" focused="false" scrollable="false" long-clickable="false" \
    password="false" selected="false" bounds="[600,140][650,190]" />\
    </node></hierarchy>
    """

  @Test(
    "-xml.txt is Appium page source and a newline; -html.txt each line and a newline, then one more"
  )
  func pageFiles() throws {
    let tree = try UITree(parsing: Array(Self.dump.utf8), source: "d.xml")
    let html = CompactHTML(tree).text
    let app = try Fixtures.temporaryDirectory().appendingPathComponent("t_graph_1").path
    try Mobile3MLayout.writePage(
      path: [
        .init(
          name: "t0", xml: Self.dump, html: html, png: [0x89], uniqueName: "t0", history: [],
          actionSpace: [])
      ], launch: [], in: app)
    let xmlFile = try #require(FileManager.default.contents(atPath: app + "/t0/t0-xml.txt"))
    let htmlFile = try #require(FileManager.default.contents(atPath: app + "/t0/t0-html.txt"))
    let expectedXML = """
      <?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
      <hierarchy index="0" class="hierarchy" rotation="0" width="720" height="1184">
        <android.widget.FrameLayout index="0" package="p" class="android.widget.FrameLayout" \
      text="" checkable="false" checked="false" clickable="false" enabled="true" \
      focusable="false" focused="false" long-clickable="false" password="false" \
      scrollable="false" selected="false" bounds="[0,0][720,1184]" displayed="true">
          <android.widget.TextView index="0" package="p" class="android.widget.TextView" \
      text="上海" resource-id="p:id/city" checkable="false" checked="false" clickable="true" \
      enabled="true" focusable="true" focused="false" long-clickable="false" password="false" \
      scrollable="false" selected="false" bounds="[10,140][100,190]" displayed="true" />
          <android.widget.ImageView index="1" package="p" class="android.widget.ImageView" \
      text="" content-desc="定位" checkable="false" checked="false" clickable="true" \
      enabled="true" focusable="true" focused="false" long-clickable="false" password="false" \
      scrollable="false" selected="false" bounds="[600,140][650,190]" displayed="true" />
        </android.widget.FrameLayout>
      </hierarchy>

      """
    let expectedHTML = """
      <p id="p:id/city" package="p" class="android.widget.TextView" clickable="true"> 上海 </p>
      <img package="p" class="android.widget.ImageView" description="定位" clickable="true">  </img>


      """
    #expect(String(decoding: xmlFile, as: UTF8.self) == expectedXML)
    #expect(String(decoding: htmlFile, as: UTF8.self) == expectedHTML)
    #expect(Mobile3MLayout.htmlFile("") == "\n")
    // m3m reads its own files back to the same page.
    let reread = try UITree(contentsOf: app + "/t0/t0-xml.txt")
    #expect(CompactHTML(reread).text == html)
  }
}
