import Foundation
import TestSupport
import Testing
import UIHierarchy

/// The parser fills a node's typed fields (text, class, flags…) while it reads the attributes,
/// reusing what it read at the same position of the last tag; the fields must be what the
/// attributes themselves give.
@Suite("Typed fields read while parsing")
struct ParsedAttributeIndexTests {
  /// The node rebuilt from its attributes alone (the by-name indexing of the public init).
  static func rebuilt(_ node: UINode) -> UINode {
    var copy = UINode(
      index: node.index, parent: node.parent, depth: node.depth, elementName: node.elementName,
      attributes: node.attributes)
    copy.children = node.children
    copy.bounds = node.bounds
    return copy
  }

  @Test("attributes in changing orders, sets and values give the fields their names give")
  func changingOrders() throws {
    let xml = """
      <?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
      <hierarchy rotation="0">
        <node index="0" text="" resource-id="a:id/x" class="android.widget.FrameLayout" package="a" content-desc="" clickable="true" enabled="true" bounds="[0,0][10,10]">
          <node index="0" text="true" resource-id="a:id/x" class="android.widget.Button" package="a" content-desc="false" clickable="false" enabled="false" bounds="[0,0][5,5]" />
          <node clickable="true" text="Ünïcode ✓" class="android.widget.TextView" index="1" package="b" bounds="[5,5][10,10]" scrollable="true" />
          <node index="2" text="tru" class="ANDROID.WIDGET.EDITTEXT" package="b" NAF="true" checkable="true" checked="true" focusable="true" focused="true" long-clickable="true" password="true" selected="true" bounds="[1,1][2,2]" />
          <android.widget.ImageView index="3" package="b" content-desc="Ünïcode ✓" clickable="truex" />
          <node />
          <node index="4" text="" class="" package="" bounds="" />
        </node>
      </hierarchy>
      """
    let tree = try UITree(parsing: Array(xml.utf8), source: "orders.xml")
    #expect(tree.nodes.count == 7)
    for node in tree.nodes {
      #expect(node == Self.rebuilt(node), "node \(node.index)")
    }
    #expect(tree.nodes[0].isClickable && tree.nodes[0].isEnabled)
    #expect(tree.nodes[1].text == "true" && tree.nodes[1].contentDescription == "false")
    #expect(!tree.nodes[1].isClickable && tree.nodes[1].hasClickableAttribute)
    #expect(tree.nodes[2].text == "Ünïcode ✓" && tree.nodes[2].isScrollable)
    #expect(tree.nodes[3].isNAF && tree.nodes[3].isPassword && !tree.nodes[3].isClickable)
    #expect(tree.nodes[4].className == "android.widget.ImageView")
    #expect(tree.nodes[4].contentDescription == "Ünïcode ✓" && !tree.nodes[4].isClickable)
    #expect(tree.nodes[5].attributes.isEmpty && tree.nodes[5].text.isEmpty)
    #expect(tree.nodes[6].bounds == nil && tree.nodes[6].package.isEmpty)
  }

  @Test(
    "every real dump's fields equal its attributes'",
    .enabled(if: Fixtures.hasRealData, "\(Fixtures.realDataMissing)"))
  func realDumps() throws {
    let dumps = Fixtures.files(under: Fixtures.realData, suffixes: [".xml"])
    #expect(dumps.count >= 50)
    for url in dumps {
      let tree = try UITree(contentsOf: url.path)
      for node in tree.nodes where node != Self.rebuilt(node) {
        Issue.record("\(url.lastPathComponent): node \(node.index) differs")
      }
    }
  }
}
