import Foundation
import TestSupport
import Testing

@testable import UIHierarchy

/// The plain-dump parser must give exactly libxml2's tree on everything it reads, and hand
/// everything else to libxml2 so the verdict (tree or error, and the error's message) is the
/// one libxml2 gives.
@Suite("Plain-dump parser against libxml2")
struct PlainDumpParserTests {
  /// A parse's outcome: the tree, or the error users see.
  enum Verdict: Equatable, CustomStringConvertible {
    case tree(UITree)
    case error(String)

    var description: String {
      switch self {
      case .tree(let tree): return "tree of \(tree.nodes.count) nodes"
      case .error(let message): return "error: \(message)"
      }
    }
  }

  static func verdict(
    _ bytes: [UInt8], route: HierarchyParser.Route, limits: HierarchyLimits = .standard
  ) -> Verdict {
    do {
      let tree = try bytes.withUnsafeBytes {
        try HierarchyParser.parse($0, source: "dump.xml", limits: limits, route: route)
      }
      return .tree(tree)
    } catch {
      return .error("\(error)")
    }
  }

  /// The plain parser's own tree, nil when it hands the dump to libxml2.
  static func plainTree(_ bytes: [UInt8], limits: HierarchyLimits = .standard) -> UITree? {
    bytes.withUnsafeBytes {
      (try? HierarchyParser.plainTree($0, source: "dump.xml", limits: limits)) ?? nil
    }
  }

  /// Checks that both routes agree on `bytes`; true when the plain parser read it itself.
  @discardableResult
  static func expectSameVerdict(
    _ bytes: [UInt8], _ name: String, limits: HierarchyLimits = .standard
  ) -> Bool {
    let reference = verdict(bytes, route: .libxml2, limits: limits)
    let combined = verdict(bytes, route: .plainFirst, limits: limits)
    #expect(combined == reference, "\(name): libxml2 gives \(reference), combined \(combined)")
    guard let plain = plainTree(bytes, limits: limits) else { return false }
    #expect(.tree(plain) == reference, "\(name): the plain parser read what libxml2 refuses")
    return true
  }

  static func dump(_ nodes: String, declaration: Bool = true) -> [UInt8] {
    let head = declaration ? "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>" : ""
    return Array((head + "<hierarchy rotation=\"0\">" + nodes + "</hierarchy>").utf8)
  }

  static let node =
    #"<node index="0" text="Hello" resource-id="com.app:id/title" class="android.widget.TextView" "#
    + #"package="com.app" content-desc="" checkable="false" checked="false" clickable="true" "#
    + #"enabled="true" focusable="true" focused="false" scrollable="false" "#
    + #"long-clickable="false" password="false" selected="false" bounds="[0,63][1080,210]" />"#

  /// Dumps the plain parser reads itself, each giving libxml2's tree.
  static let readFixtures: [(String, [UInt8])] = [
    ("a plain dump", dump(node + node)),
    ("no declaration", dump(node, declaration: false)),
    ("a byte-order mark", [0xEF, 0xBB, 0xBF] + dump(node)),
    (
      "double-quoted declaration",
      Array(#"<?xml version="1.0" encoding="utf-8"?><hierarchy><node a="1"/></hierarchy>"#.utf8)
    ),
    (
      "the predefined entities",
      dump(#"<node text="a &lt;b&gt; &amp; &quot;q&quot; &apos;s&apos;" bounds="[1,2][3,4]"/>"#)
    ),
    (
      "character references, astral ones included",
      dump(#"<node text="&#65;&#x42;&#x1F600;&#128512;&#10;&#9;&#13;&#xE9;&#x10FFFF;&#0065;"/>"#)
    ),
    ("raw UTF-8, astral included", dump(#"<node text="中文 😀 é �" content-desc="𝄞"/>"#)),
    (
      "tabs and line feeds inside values",
      dump("<node text=\"one\ttwo\nthree\" content-desc=\"a\n\"/>")
    ),
    (
      "attributes in changing orders",
      dump(
        #"<node a="1" b="2" c="3" text="x"><node c="3" a="1" b="2"/><node b="2"/>"#
          + #"<node text="x" a="1" b="2" c="3" d="4"/></node><node a="1" b="2" c="3" text="y"/>"#)
    ),
    (
      "repeated values under changed names",
      dump(#"<node text="true" clickable="false"/><node clickable="true" text="false"/>"#)
    ),
    ("empty attributes", dump(#"<node text="" resource-id="" bounds=""/><node text=""/>"#)),
    ("no attributes", dump("<node/><node></node><node ></node >")),
    (
      "self-closing and open/close nodes, nested",
      dump(#"<node a="1"><node a="2"></node><node a="3"><node a="4"/></node></node>"#)
    ),
    (
      "white space around names, equals signs and between tags",
      Array(
        "<?xml version = \"1.0\" ?>\r\n<hierarchy\r\n rotation = '1' >\r\n\t<node\ta = \"1\"\n\tb='2'\r\n/>\n  <node  text=\"x\" ></node\n>\n</hierarchy>\n"
          .utf8)
    ),
    ("single-quoted values holding quotes", dump(#"<node text='say "hi"' b="it's"/>"#)),
    ("a greater-than sign in a value", dump(#"<node text="a > b" c=">"/>"#)),
    (
      "Appium's class-named elements",
      dump(
        #"<android.widget.FrameLayout index="0"><android.view.View text="x"/>"#
          + "</android.widget.FrameLayout>")
    ),
    ("a bare node tree", Array(#"<node text="a"><node text="b"/></node>"#.utf8)),
    ("several windows", dump(node + "<node package=\"com.android.systemui\"/>" + node)),
    (
      "odd bounds",
      dump(#"<node bounds="[10,20][5,5]"/><node bounds="[a,b]"/><node bounds="[0,0][0,0]"/>"#)
    ),
    (
      "noise before and after",
      Array(
        ("Killed\n" + String(decoding: dump(node), as: UTF8.self)
          + "\nUI hierchary dumped to: /sdcard/window_dump.xml\n").utf8)
    ),
  ]

  /// Dumps the plain parser leaves to libxml2 (valid or not).
  static let handedOverFixtures: [(String, [UInt8])] = [
    ("a DOCTYPE", Array("<!DOCTYPE hierarchy><hierarchy><node a=\"1\"/></hierarchy>".utf8)),
    ("a comment", dump("<!-- x --><node/>")),
    ("a processing instruction", dump("<?pi x?><node/>")),
    ("CDATA", dump("<node><![CDATA[x]]></node>")),
    ("text between nodes", dump("<node/>text<node/>")),
    ("an unknown entity", dump(#"<node text="&nbsp;"/>"#)),
    ("an undeclared entity reference to itself", dump(#"<node text="&amp"/>"#)),
    ("an uppercase hexadecimal reference", dump(#"<node text="&#X41;"/>"#)),
    ("a reference to NUL", dump(#"<node text="&#0;"/>"#)),
    ("a reference to a surrogate", dump(#"<node text="&#xD800;"/>"#)),
    ("a reference beyond Unicode", dump(#"<node text="&#x110000;"/>"#)),
    ("a reference to U+FFFE", dump(#"<node text="&#xFFFE;"/>"#)),
    ("an empty reference", dump(#"<node text="&#;"/>"#)),
    ("a carriage return in a value", dump("<node text=\"a\r\nb\"/>")),
    ("a control character in a value", dump("<node text=\"a\u{1}b\"/>")),
    ("a NUL in a value", dump("<node text=\"a\u{0}b\"/>")),
    (
      "Latin-1 declared",
      Array("<?xml version='1.0' encoding='ISO-8859-1'?><hierarchy><node text='caf".utf8) + [0xE9]
        + Array("'/></hierarchy>".utf8)
    ),
    (
      "invalid UTF-8",
      Array("<hierarchy><node text='a".utf8) + [0xFF] + Array("'/></hierarchy>".utf8)
    ),
    (
      "a lone continuation byte in a value",
      Array("<hierarchy><node text='a".utf8) + [0x80] + Array("'/></hierarchy>".utf8)
    ),
    (
      "an overlong encoding",
      Array("<hierarchy><node text='".utf8) + [0xC0, 0xAF] + Array("'/></hierarchy>".utf8)
    ),
    (
      "an encoded surrogate",
      Array("<hierarchy><node text='".utf8) + [0xED, 0xA0, 0x80] + Array("'/></hierarchy>".utf8)
    ),
    (
      "U+FFFF encoded",
      Array("<hierarchy><node text='".utf8) + [0xEF, 0xBF, 0xBF] + Array("'/></hierarchy>".utf8)
    ),
    ("a namespace", dump(#"<node xmlns:a="urn:x" a:b="1"/>"#)),
    ("a default namespace", dump(#"<node xmlns="urn:x" b="1"/>"#)),
    ("xml:lang", dump(#"<node xml:lang="en"/>"#)),
    ("a non-ASCII name", dump(#"<node tëxt="1"/>"#)),
    ("a repeated attribute", dump(#"<node a="1" b="2" a="3"/>"#)),
    ("a repeated attribute after a known order", dump(#"<node a="1" b="2"/><node a="1" a="2"/>"#)),
    ("attributes without space between", dump(#"<node a="1"b="2"/>"#)),
    ("a less-than sign in a value", dump(#"<node text="a < b"/>"#)),
    ("an unquoted value", dump("<node a=1/>")),
    ("an unterminated value", dump("<node a=\"1/>")),
    ("mismatched end tag", dump("<node></nodes>")),
    ("mismatched end tag, prefix", dump("<nodes></node>")),
    ("an end tag with no start", dump("</node>")),
    ("a second root", Array("<hierarchy/><hierarchy/>".utf8)),
    ("content after a bare root", Array("<node a='1'/>\nx".utf8)),
    ("a truncated dump", Array(dump(node).prefix(120))),
    ("XML 1.1", Array("<?xml version='1.1'?><hierarchy><node/></hierarchy>".utf8)),
    ("a root that is not a hierarchy", Array("<html><body/></html>".utf8)),
    ("a hierarchy with no nodes", Array("<hierarchy rotation='0'></hierarchy>".utf8)),
    (
      "UTF-16",
      [0xFF, 0xFE]
        + Array(
          "<hierarchy><node text='x'/></hierarchy>".utf16.flatMap {
            [UInt8($0 & 0xFF), UInt8($0 >> 8)]
          })
    ),
    ("a tag missing its end", dump("<node a='1'")),
    ("a slash without its greater-than", dump("<node a='1'/ >")),
  ]

  @Test("the plain parser reads the plain fixtures and gives libxml2's tree")
  func readFixtures() {
    for (name, bytes) in Self.readFixtures {
      #expect(Self.expectSameVerdict(bytes, name), "\(name): handed to libxml2")
      #expect(Self.plainTree(bytes) != nil, "\(name)")
    }
  }

  @Test("the typed fields and decoded values are the ones the attributes give")
  func decodedValues() throws {
    let bytes = Self.dump(
      #"<node text="a &lt;b&gt; &amp;&#x1F600;&#10;" clickable="true" bounds="[1,2][3,4]"/>"#
        + #"<node clickable="true" text="x&#9;y" bounds="[1,2][3,4]"/>"#)
    let tree = try #require(Self.plainTree(bytes))
    #expect(tree.nodes[0].text == "a <b> &😀\n")
    #expect(tree.nodes[0].isClickable)
    #expect(tree.nodes[1].text == "x\ty")
    #expect(tree.nodes[1].isClickable)
    #expect(tree.nodes[1].bounds == tree.nodes[0].bounds)
    #expect(tree.rotation == 0)
  }

  @Test("what the plain parser does not read goes to libxml2, whose verdict stands")
  func handedOverFixtures() {
    for (name, bytes) in Self.handedOverFixtures {
      #expect(!Self.expectSameVerdict(bytes, name), "\(name): read by the plain parser")
    }
  }

  @Test("a dump over a limit gets libxml2's error naming the limit and line")
  func limits() {
    let bytes = Self.dump(#"<node a="1" b="2"><node><node/></node></node>"#)
    for limits in [
      HierarchyLimits(maximumDepth: 3), HierarchyLimits(maximumNodes: 2),
      HierarchyLimits(maximumAttributes: 1),
    ] {
      #expect(!Self.expectSameVerdict(bytes, "\(limits)", limits: limits))
      guard case .error(let message) = Self.verdict(bytes, route: .plainFirst, limits: limits)
      else {
        Issue.record("\(limits): no error")
        continue
      }
      #expect(message.contains("limit") || message.contains("attributes"), "\(message)")
    }
    #expect(
      Self.expectSameVerdict(bytes, "within limits", limits: HierarchyLimits(maximumDepth: 4)))
  }

  /// A deterministic generator (SplitMix64), so a failure reproduces.
  struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  /// Truncations and byte flips of `bytes` (bytes that matter to XML favoured), each compared.
  static func fuzz(_ bytes: [UInt8], name: String, seed: UInt64, cases: Int) {
    var generator = SeededGenerator(state: seed)
    let interesting: [UInt8] =
      Array("<>/\"'=&#;x! \n\r\t?-:".utf8) + [0, 0x80, 0xC3, 0xED, 0xEF, 0xFF]
    var read = 0
    for number in 0..<cases {
      var mutated = bytes
      if number % 3 == 0 {
        mutated = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
      } else {
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
          let position = Int.random(in: 0..<mutated.count, using: &generator)
          mutated[position] =
            Bool.random(using: &generator)
            ? interesting.randomElement(using: &generator)!
            : UInt8.random(in: 0...255, using: &generator)
        }
      }
      if expectSameVerdict(mutated, "\(name) case \(number)") { read += 1 }
    }
    // Flips inside values keep many dumps well-formed: the plain parser reads those itself.
    #expect(read > 0, "\(name): the plain parser read none of the mutated dumps")
  }

  @Test("truncated and flipped fixture dumps get the same verdict and tree")
  func fuzzFixture() {
    Self.fuzz(
      Self.dump(Self.node + "<node text=\"a &amp; b\">" + Self.node + "</node>"), name: "fixture",
      seed: 12, cases: 600)
  }
}

/// The same comparison on every real dump beside the checkout.
@Suite(
  "Plain-dump parser on real dumps (../shared/realdata, evaldata)",
  .enabled(if: Fixtures.hasRealData, "\(Fixtures.realDataMissing)"))
struct PlainDumpParserRealDataTests {
  static let dumps =
    Fixtures.files(under: Fixtures.realData, suffixes: [".xml"])
    + Fixtures.files(under: Fixtures.evalData, suffixes: [".xml"])

  @Test("every real dump gets libxml2's tree, and the plain parser reads nearly all")
  func realDumps() throws {
    #expect(Self.dumps.count >= 50)
    var handedOver: [String] = []
    for url in Self.dumps {
      let bytes = try [UInt8](Data(contentsOf: url))
      if !PlainDumpParserTests.expectSameVerdict(bytes, url.path) {
        handedOver.append(url.path)
      }
    }
    print(
      "plain parser: read \(Self.dumps.count - handedOver.count) of \(Self.dumps.count) real dumps; libxml2: \(handedOver)"
    )
    #expect(handedOver.count * 20 <= Self.dumps.count)
  }

  @Test("truncated and flipped real dumps get the same verdict and tree")
  func fuzzRealDump() throws {
    let url = try #require(Self.dumps.first { $0.path.contains("AppAgent") } ?? Self.dumps.first)
    let bytes = try [UInt8](Data(contentsOf: url))
    PlainDumpParserTests.fuzz(bytes, name: url.lastPathComponent, seed: 2_026, cases: 300)
  }
}
