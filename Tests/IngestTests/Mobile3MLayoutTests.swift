import Foundation
import GraphStore
import Ingest
import Screenshots
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

  /// A two-page app in the layout; `plain` puts the uiautomator dumps in the `-xml.txt` files
  /// instead of the Appium form the layout writes.
  func twoPageApp(plain: Bool) throws -> String {
    let home = try UITree(parsing: Array(Self.dump.utf8), source: "home.xml")
    let next = Self.dump.replacingOccurrences(of: "上海", with: "北京")
    let click = try #require(ActionSpace(home).actions.first).mobile3MString
    let png = try RGBAImage(width: 72, height: 128, fill: .white).pngData()
    func screen(_ name: String, _ xml: String, _ history: [String]) throws -> Mobile3MLayout.Screen
    {
      let tree = try UITree(parsing: Array(xml.utf8), source: name)
      return .init(
        name: name, xml: xml, html: CompactHTML(tree).text, png: png, uniqueName: name,
        history: history, actionSpace: ActionSpace(tree).actions.map(\.mobile3MString))
    }
    let app = try Fixtures.temporaryDirectory().appendingPathComponent("t_graph_1").path
    try Mobile3MLayout.writePage(path: [try screen("t0", Self.dump, [])], launch: [], in: app)
    try Mobile3MLayout.writePage(
      path: [try screen("t0", Self.dump, []), try screen("t0_1", next, [click])], launch: [],
      in: app)
    try Mobile3MLayout.writeIndex(
      pageIDs: ["t0": 0, "t0_1": 1], actionIDs: [click: 1],
      all2unique: ["t0": "t0", "t0_1": "t0_1"], triples: [("t0", 1, "t0_1")], in: app)
    if plain {
      for (folder, name, xml) in [
        ("t0", "t0", Self.dump), ("t0_1", "t0", Self.dump), ("t0_1", "t0_1", next),
      ] {
        try Data(xml.utf8).write(to: URL(fileURLWithPath: "\(app)/\(folder)/\(name)-xml.txt"))
      }
    }
    return app
  }

  @Test("the reader takes -xml.txt in Appium or uiautomator form to the same graph")
  func bothForms() throws {
    var graphs: [[[DatabaseValue]]] = []
    for plain in [false, true] {
      let app = try twoPageApp(plain: plain)
      #expect(
        String(
          decoding: try #require(FileManager.default.contents(atPath: app + "/t0/t0-xml.txt")),
          as: UTF8.self
        )
        .contains("<node ") == plain)
      let db = try Database(path: ":memory:")
      let summary = try GraphIngester(database: db).ingest(
        Mobile3MReader.steps(in: app), source: app, format: "mobile3m")
      #expect(summary.visits == 2 && summary.rejected == 0)
      graphs.append(
        try db.fetchAll(
          """
          SELECT f.html, a.mobile3m, t.html FROM edge e JOIN page f ON f.id = e.from_page
          JOIN page t ON t.id = e.to_page JOIN action a ON a.id = e.action_id
          """))
    }
    #expect(graphs[0].count == 1)
    #expect(graphs[0] == graphs[1])
  }
}
