import Testing
import UIHierarchy

@Suite("Appium page source")
struct AppiumPageSourceTests {
  /// A uiautomator dump: an inner class name, escapes, an emoji, a node with no index, no
  /// `enabled` and not visible, a second window whose dump index is 0.
  static let dump = Array(
    """
    <?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation="1">\
    <node index="0" text="" resource-id="" class="android.widget.FrameLayout" package="p" \
    content-desc="" checkable="false" checked="false" clickable="false" enabled="true" \
    focusable="false" focused="false" scrollable="true" long-clickable="false" password="false" \
    selected="false" bounds="[0,0][720,1184]">\
    <node index="3" text="a&amp;b &lt;c&gt; &quot;d&quot; @e&#10;f 😀" resource-id="p:id/t" \
    class="p.Main$Row" package="p" content-desc="说明" checkable="true" checked="true" \
    clickable="true" enabled="true" focusable="true" focused="true" scrollable="false" \
    long-clickable="true" password="true" selected="true" bounds="[1,2][3,4]" />\
    <node text="" class="" package="p" visible-to-user="false" bounds="[5,6][7,8]" />\
    </node>\
    <node index="0" text="9:41" class="android.widget.TextView" package="com.android.systemui" \
    bounds="[600,0][700,40]" /></hierarchy>
    """.utf8)

  @Test("elements named by class, attributes in the server's order, escaped as it escapes them")
  func format() throws {
    let tree = try UITree(parsing: Self.dump, source: "d.xml")
    let expected = """
      <?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
      <hierarchy index="0" class="hierarchy" rotation="1" width="720" height="1184">
        <android.widget.FrameLayout index="0" package="p" class="android.widget.FrameLayout" \
      text="" checkable="false" checked="false" clickable="false" enabled="true" focusable="false" \
      focused="false" long-clickable="false" password="false" scrollable="true" selected="false" \
      bounds="[0,0][720,1184]" displayed="true">
          <p.Main.Row index="3" package="p" class="p.Main$Row" \
      text="a&amp;b &lt;c&gt; &quot;d&quot; @e&#10;f &#128512;" content-desc="说明" \
      resource-id="p:id/t" checkable="true" checked="true" clickable="true" enabled="true" \
      focusable="true" focused="true" long-clickable="true" password="true" scrollable="false" \
      selected="true" bounds="[1,2][3,4]" displayed="true" />
          <android.view.View index="1" package="p" class="" text="" checkable="false" \
      checked="false" enabled="true" focusable="false" focused="false" \
      long-clickable="false" password="false" scrollable="false" selected="false" \
      bounds="[5,6][7,8]" displayed="false" />
        </android.widget.FrameLayout>
        <android.widget.TextView index="1" package="com.android.systemui" \
      class="android.widget.TextView" text="9:41" checkable="false" checked="false" \
      enabled="true" focusable="false" focused="false" long-clickable="false" \
      password="false" scrollable="false" selected="false" bounds="[600,0][700,40]" \
      displayed="true" />
      </hierarchy>
      """
    #expect(tree.appiumPageSource(width: 720, height: 1184) == expected)
  }

  @Test("read back, it gives the same tree: classes, attributes read, compact HTML")
  func roundTrip() throws {
    let tree = try UITree(parsing: Self.dump, source: "d.xml")
    let appium = try UITree(
      parsing: Array(tree.appiumPageSource(width: 720, height: 1184).utf8), source: "a.xml")
    #expect(appium.nodes.map(\.className) == tree.nodes.map(\.className))
    #expect(appium.nodes.map(\.text) == tree.nodes.map(\.text))
    #expect(appium.nodes.map(\.bounds) == tree.nodes.map(\.bounds))
    #expect(appium.rotation == 1)
    #expect(CompactHTML(appium).lines == CompactHTML(tree).lines)
    #expect(
      ActionSpace(appium).actions.map(\.mobile3MString)
        == ActionSpace(tree).actions.map(\.mobile3MString))
  }
}
