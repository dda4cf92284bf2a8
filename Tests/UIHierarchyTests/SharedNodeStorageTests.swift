import Testing

@testable import UIHierarchy

/// A parsed tree keeps its nodes' children lists and typed fields' strings once for the whole
/// tree, and long strings read again (in the same dump or a later one) are the strings made
/// the first time; nodes still read and change like values.
@Suite("Children and strings stored once per tree")
struct SharedNodeStorageTests {
  static let xml = Array(
    """
    <?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
    <hierarchy rotation="0">
      <node index="0" text="" class="android.widget.FrameLayout" package="com.example.shared.app" bounds="[0,0][10,10]">
        <node index="0" text="a long text value, longer than fifteen bytes" class="android.widget.TextView" package="com.example.shared.app" bounds="[0,0][5,5]" />
        <node index="1" text="short" resource-id="com.example.shared.app:id/title" class="android.widget.LinearLayout" package="com.example.shared.app" bounds="[0,0][5,5]">
          <node index="0" class="android.widget.TextView" package="com.example.shared.app" bounds="[0,0][5,5]" />
        </node>
        <node index="2" class="android.widget.TextView" content-desc="a long text value, longer than fifteen bytes" package="com.example.shared.app" bounds="[0,0][5,5]" />
      </node>
    </hierarchy>
    """.utf8)

  static func parse(_ route: HierarchyParser.Route = .plainFirst) throws -> UITree {
    try xml.withUnsafeBytes {
      try HierarchyParser.parse($0, source: "dump.xml", limits: .standard, route: route)
    }
  }

  /// Where a string's UTF-8 lies: equal for two strings only when they share storage.
  static func storage(_ string: String) -> UnsafeRawPointer? {
    var string = string
    return string.withUTF8 { UnsafeRawPointer($0.baseAddress) }
  }

  @Test("a parsed node's children read, change and compare like an array")
  func children() throws {
    let tree = try Self.parse()
    #expect(tree.nodes.map(\.children) == [[1, 2, 4], [], [3], [], []])
    #expect(tree.nodes.map(\.isLeaf) == [false, true, false, true, true])
    #expect(tree.children(of: tree.nodes[2]).map(\.index) == [3])
    var root = tree.nodes[0]
    root.children.append(9)
    root.children[0] = 7
    #expect(root.children == [7, 2, 4, 9] && root != tree.nodes[0])
    #expect(tree.nodes[0].children == [1, 2, 4])
    var leaf = tree.nodes[1]
    leaf.children = [5]
    #expect(!leaf.isLeaf && leaf.children == [5])
    leaf.children.removeAll()
    #expect(leaf.isLeaf && leaf == tree.nodes[1] && leaf.hashValue == tree.nodes[1].hashValue)
    // New attributes keep the children.
    var renamed = tree.nodes[2]
    renamed.attributes = [.init(name: "text", value: "renamed")]
    #expect(renamed.children == [3] && renamed.text == "renamed" && renamed.className.isEmpty)
    var relabelled = tree.nodes[3]
    relabelled.attributes = [.init(name: "text", value: "relabelled")]
    #expect(relabelled.isLeaf && relabelled.children.isEmpty && relabelled != tree.nodes[3])
    // A tree made from the nodes lists the same children, stored per node.
    let rebuilt = try UITree(nodes: tree.nodes, source: "rebuilt")
    #expect(rebuilt.nodes == tree.nodes)
    #expect(rebuilt.nodes.map(\.children) == tree.nodes.map(\.children))
  }

  @Test("typed fields read from both parsers are the dump's values")
  func typedFields() throws {
    for route in [HierarchyParser.Route.plainFirst, .libxml2] {
      let tree = try Self.parse(route)
      let long = "a long text value, longer than fifteen bytes"
      #expect(tree.nodes.map(\.text) == ["", long, "short", "", ""], "\(route)")
      #expect(tree.nodes[4].contentDescription == long && tree.nodes[1].contentDescription.isEmpty)
      #expect(tree.nodes[2].resourceID == "com.example.shared.app:id/title")
      #expect(tree.nodes.allSatisfy { $0.package == "com.example.shared.app" })
      #expect(
        tree.nodes.map(\.className) == [
          "android.widget.FrameLayout", "android.widget.TextView", "android.widget.LinearLayout",
          "android.widget.TextView", "android.widget.TextView",
        ])
    }
  }

  // Across dumps the strings are shared too, through the pooled interner; which interner a
  // parse borrows depends on the parses running beside it, so only one dump is checked here.
  @Test("a long value read again in a dump, under any name, shares the first one's string")
  func internedInDump() throws {
    let tree = try Self.parse()
    let className = Self.storage(tree.nodes[1].className)
    #expect(className != nil)
    // Read again after another class came between.
    #expect(Self.storage(tree.nodes[3].className) == className)
    #expect(Self.storage(tree.nodes[4].className) == className)
    #expect(Self.storage(tree.nodes[1].text) == Self.storage(tree.nodes[4].contentDescription))
    #expect(try Self.parse() == tree)
  }

  @Test("dumps read one after another, their names in other orders, read as libxml2 reads them")
  func namesInOtherOrders() {
    // The names the last parse read first at each position are tried first.
    let dumps = [
      #"<node index="0" text="a" class="android.widget.TextView" bounds="[0,0][1,1]"/>"#,
      #"<node bounds="[0,0][1,1]" class="android.widget.TextView" text="b" index="0"/>"#,
      #"<node index="0" texts="c" class="android.widget.TextView" bounds="[0,0][1,1]"/>"#,
      #"<node index="0" text="d"/><node class="x" content-desc="e" text="f" NAF="true"/>"#,
      #"<node index="0"/>"#,
      #"<node index="0" text="a" class="android.widget.TextView" bounds="[0,0][1,1]"/>"#,
    ]
    for _ in 0..<3 {
      for dump in dumps {
        #expect(PlainDumpParserTests.expectSameVerdict(PlainDumpParserTests.dump(dump), dump))
      }
    }
    let tree = PlainDumpParserTests.plainTree(PlainDumpParserTests.dump(dumps[3]))
    #expect(tree?.nodes.map(\.text) == ["d", "f"])
    #expect(tree?.nodes[1].contentDescription == "e" && tree?.nodes[1].isNAF == true)
    #expect(tree?.nodes[1].className == "x" && tree?.nodes[0].className == "")
  }

  @Test("the interner gives each byte string its own value, whatever it evicted")
  func internerValues() {
    let interner = StringInterner()
    func read(_ text: String) -> String {
      Array(text.utf8).withUnsafeBufferPointer { interner.string($0) }
    }
    // Many more distinct strings than slots, then the first ones again.
    let texts = (0..<(StringInterner.slotCount * 4)).map { "com.example.app:id/view_\($0)" }
    for text in texts { #expect(read(text) == text) }
    for text in texts.prefix(64) { #expect(read(text) == text) }
    let again = read(texts[0])
    #expect(Self.storage(read(texts[0])) == Self.storage(again))
    // Short, empty, non-ASCII and over-long values are read as they are.
    let longest = String(repeating: "é", count: StringInterner.longest)
    for text in ["", "short", "中文 😀 and some more text", longest] {
      #expect(read(text) == text)
    }
  }
}
