import Foundation
import TestSupport
import Testing

@testable import UIHierarchy

/// A parsed tree stores its nodes' attributes once for the whole tree; nodes built from
/// attribute lists store their own. Either way a node's attributes, equality and hash are its
/// contents'.
@Suite("Attribute storage of nodes and trees")
struct AttributeStorageTests {
  static func parse(_ bytes: [UInt8], route: HierarchyParser.Route) throws -> UITree {
    try bytes.withUnsafeBytes {
      try HierarchyParser.parse($0, source: "dump.xml", limits: .standard, route: route)
    }
  }

  /// The same tree rebuilt from attribute lists, one storage per node.
  static func rebuilt(_ tree: UITree) throws -> UITree {
    let nodes = tree.nodes.map { node in
      var copy = UINode(
        index: node.index, parent: node.parent, depth: node.depth,
        elementName: node.elementName, attributes: node.attributes)
      copy.bounds = node.bounds
      return copy
    }
    return try UITree(nodes: nodes, rotation: tree.rotation, source: tree.source)
  }

  static let xml = Array(
    """
    <?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
    <hierarchy rotation="3">
      <node index="0" text="Åb &amp; c" class="android.widget.FrameLayout" package="p" bounds="[0,0][10,10]" clickable="true">
        <node index="0" text="" class="android.widget.TextView" package="p" bounds="[0,0][5,5]" custom="x" />
        <node index="1" text="same" class="android.widget.TextView" package="p" bounds="[0,0][5,5]" />
        <node bounds="[0,0][5,5]" class="android.widget.TextView" index="1" text="same" package="p" />
      </node>
    </hierarchy>
    """.utf8)

  @Test("a node from an attribute list keeps its order, duplicates and values")
  func attributeList() {
    let attributes: [UINode.Attribute] = [
      .init(name: "text", value: "first"), .init(name: "bounds", value: "[1,2][3,4]"),
      .init(name: "text", value: "second"), .init(name: "empty", value: ""),
      .init(name: "content-desc", value: "中文 😀"),
    ]
    let node = UINode(index: 0, parent: nil, depth: 0, attributes: attributes)
    #expect(node.attributes == attributes)
    // The last of a name sets the typed field, the first answers a lookup (as before).
    #expect(node.text == "second" && node[attribute: "text"] == "first")
    #expect(node[attribute: "empty"] == "" && node.has("empty") && !node.has("hint"))
    #expect(node.contentDescription == "中文 😀" && node.bounds?.right == 3)
  }

  @Test("setting a node's attributes re-reads its fields and leaves the tree's others alone")
  func settingAttributes() throws {
    let tree = try Self.parse(Self.xml, route: .plainFirst)
    var node = tree.nodes[1]
    #expect(node[attribute: "custom"] == "x" && node.text.isEmpty)
    node.attributes.append(.init(name: "text", value: "new"))
    node.attributes[0].value = "9"
    #expect(node.text == "new" && node[attribute: "index"] == "9")
    #expect(
      node.attributes.map(\.name) == [
        "index", "text", "class", "package", "bounds", "custom", "text",
      ])
    #expect(tree.nodes[1].text.isEmpty && tree.nodes[1][attribute: "index"] == "0")
    #expect(tree.nodes[2][attribute: "text"] == "same")
  }

  @Test("trees from both parsers and from attribute lists are equal and hash equal")
  func equalAcrossStorage() throws {
    let plain = try Self.parse(Self.xml, route: .plainFirst)
    let libxml2 = try Self.parse(Self.xml, route: .libxml2)
    let rebuilt = try Self.rebuilt(plain)
    #expect(plain.rotation == 3 && plain.nodes.count == 4)
    #expect(plain.nodes[0].text == "Åb & c" && plain.nodes[0].children == [1, 2, 3])
    for other in [libxml2, rebuilt] {
      #expect(plain == other)
      #expect(plain.hashValue == other.hashValue)
      for (node, otherNode) in zip(plain.nodes, other.nodes) {
        #expect(node.hashValue == otherNode.hashValue, "node \(node.index)")
      }
    }
    // Same attributes in another order are a different node; so is one changed value.
    #expect(Set(plain.nodes[2].attributes) == Set(plain.nodes[3].attributes))
    var reordered = plain.nodes[3]
    reordered.index = 2
    #expect(reordered.text == "same" && reordered != plain.nodes[2])
    var changed = plain.nodes[1]
    changed.attributes[5].value = "y"
    #expect(changed != plain.nodes[1])
    #expect(Set([plain, libxml2, rebuilt]).count == 1)
  }

  @Test("a repeated attribute is refused whatever the tags before it held")
  func repeatedAttribute() {
    let cases = [
      #"<node a="1" b="2" c="3"/><node c="1"/><node c="1" b="2" c="3"/>"#,
      #"<node a="1" b="2"/><node a="1" a="2"/>"#,
      #"<node a="1" b="2" c="3"/><node a="1" b="2" a="3"/>"#,
      #"<node a="1" b="2"/><node n="1" a="1" b="2" n="2"/>"#,
      #"<node a="1" b="2"/><node a="1" b="2"/><node b="1" a="1" b="2"/>"#,
    ]
    for xml in cases {
      let bytes = PlainDumpParserTests.dump(xml)
      #expect(PlainDumpParserTests.plainTree(bytes) == nil, "\(xml)")
      #expect(!PlainDumpParserTests.expectSameVerdict(bytes, xml), "\(xml)")
    }
    // Without the repeat, each reads.
    let fine = #"<node a="1" b="2" c="3"/><node c="1"/><node c="1" b="2" a="3"/>"#
    #expect(PlainDumpParserTests.expectSameVerdict(PlainDumpParserTests.dump(fine), fine))
  }

  @Test(
    "every real dump's trees from both parsers are equal, hash equal, and equal rebuilt",
    .enabled(if: Fixtures.hasRealData, "\(Fixtures.realDataMissing)"))
  func realDumps() throws {
    let dumps = Fixtures.files(under: Fixtures.realData, suffixes: [".xml"])
    #expect(dumps.count >= 50)
    for url in dumps {
      let bytes = try [UInt8](Data(contentsOf: url))
      guard let plain = try? Self.parse(bytes, route: .plainFirst) else { continue }
      let libxml2 = try Self.parse(bytes, route: .libxml2)
      let rebuilt = try Self.rebuilt(plain)
      for other in [libxml2, rebuilt] {
        #expect(plain == other, "\(url.lastPathComponent)")
        #expect(plain.hashValue == other.hashValue, "\(url.lastPathComponent)")
      }
    }
  }
}
