import Foundation
import Geometry
import TestSupport
import Testing
import UIHierarchy

/// Dumps built to hurt: encodings other tools write, content after the root, sizes far beyond a
/// real screen. Each parses, or is refused with a typed reason naming the file; none traps.
@Suite("Hostile dumps: encodings, extra content, limits")
struct HostileDumpTests {
  let dump = """
    <?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
    <hierarchy rotation="0"><node index="0" text="设置 Settings" class="android.widget.TextView" \
    package="com.example" bounds="[0,0][720,100]" /></hierarchy>
    """

  func reason(_ bytes: [UInt8], limits: HierarchyLimits = .standard) -> UIHierarchyError.Reason? {
    do {
      _ = try UITree(parsing: bytes, source: "screen.xml", limits: limits)
      return nil
    } catch let error as UIHierarchyError {
      #expect(error.description.hasPrefix("screen.xml: "))
      return error.reason
    } catch {
      return nil
    }
  }

  func utf16(_ text: String, littleEndian: Bool, bom: Bool) -> [UInt8] {
    var bytes: [UInt8] = bom ? (littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]) : []
    for unit in text.utf16 {
      let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
      bytes += littleEndian ? pair : pair.reversed()
    }
    return bytes
  }

  @Test(
    "UTF-16 dumps parse: little- and big-endian, with a byte-order mark or without",
    arguments: [(true, true), (false, true), (true, false), (false, false)])
  func utf16Dumps(littleEndian: Bool, bom: Bool) throws {
    let text = dump.replacingOccurrences(of: "UTF-8", with: "UTF-16")
    let path = try Fixtures.temporaryDirectory("utf16").appendingPathComponent("screen.xml").path
    #expect(
      FileManager.default.createFile(
        atPath: path, contents: Data(utf16(text, littleEndian: littleEndian, bom: bom))))
    let tree = try UITree(contentsOf: path)
    #expect(tree.nodes.count == 1)
    #expect(tree.nodes[0].text == "设置 Settings")
    #expect(tree.nodes[0].bounds == Bounds(left: 0, top: 0, right: 720, bottom: 100))
    #expect(tree.rotation == 0)
  }

  @Test("a UTF-16 dump cut in the middle of a code unit is truncated, not garbage")
  func utf16Truncated() {
    let bytes = utf16(dump, littleEndian: true, bom: true)
    guard case .truncated = reason(Array(bytes.dropLast(41))) else {
      Issue.record("\(String(describing: reason(Array(bytes.dropLast(41)))))")
      return
    }
  }

  @Test("an extra closing tag after the root is extra content at its line, not truncation")
  func extraClosingTag() throws {
    let extra = dump + "\n</hierarchy>\n"
    guard case .extraContent(let line, _) = reason(Array(extra.utf8)) else {
      Issue.record("\(String(describing: reason(Array(extra.utf8))))")
      return
    }
    #expect(line == 3)
    let error = try #require(throws: UIHierarchyError.self) {
      try UITree(parsing: Array(extra.utf8), source: "screen.xml")
    }
    #expect(
      error.description == "screen.xml: extra content after the root element at line 3, column 1")
    // Text after the last </hierarchy> ("UI hierchary dumped to: …") is still tolerated.
    #expect(reason(Array((dump + "\nUI hierchary dumped to: /sdcard/window_dump.xml").utf8)) == nil)
  }

  func nested(_ depth: Int) -> [UInt8] {
    Array(
      ("<hierarchy>" + String(repeating: "<node bounds=\"[0,0][1,1]\">", count: depth)
        + String(repeating: "</node>", count: depth) + "</hierarchy>").utf8)
  }

  @Test("nesting beyond the depth limit is refused naming the limit; at the limit it parses")
  func depth() throws {
    #expect(reason(nested(1_000_000)) == .overLimit(.depth, limit: 512, line: 1))
    // <hierarchy> is one level: 511 nodes below it reach the limit exactly.
    let deepest = try UITree(parsing: nested(511), source: "deep.xml")
    #expect(deepest.nodes.count == 511 && deepest.nodes.last?.depth == 510)
    // Everything over the tree stays iterative at that depth.
    #expect(CompactHTML(deepest).lines.count >= 0)
    #expect(ActionSpace(deepest, inputKeywords: []).actions.count >= 0)
    let custom = HierarchyLimits(maximumDepth: 10)
    #expect(reason(nested(10), limits: custom) == .overLimit(.depth, limit: 10, line: 1))
    #expect(reason(nested(9), limits: custom) == nil)
    let error = try #require(throws: UIHierarchyError.self) {
      try UITree(parsing: nested(600), source: "deep.xml")
    }
    #expect(
      error.description
        == "deep.xml: elements nested deeper than 512 levels at line 1 (the --max-xml-depth limit)")
  }

  @Test("more nodes than the limit are refused naming the limit and the line")
  func nodeCount() {
    let flat = { (count: Int) in
      Array(
        ("<hierarchy>\n" + String(repeating: "<node text=\"x\"/>\n", count: count) + "</hierarchy>")
          .utf8)
    }
    let limits = HierarchyLimits(maximumNodes: 100)
    #expect(reason(flat(100), limits: limits) == nil)
    #expect(reason(flat(101), limits: limits) == .overLimit(.nodes, limit: 100, line: 102))
    #expect(reason(flat(200_001)) == .overLimit(.nodes, limit: 200_000, line: 200_002))
  }

  @Test("one element with 100,000 attributes is refused at once, not after seconds")
  func attributes() throws {
    let many = (0..<100_000).map { " a\($0)=\"v=\($0)\"" }.joined()
    let text = "<hierarchy>\n<node\(many) bounds=\"[0,0][1,1]\"/></hierarchy>"
    let clock = ContinuousClock()
    var refused: UIHierarchyError.Reason?
    let elapsed = clock.measure { refused = reason(Array(text.utf8)) }
    #expect(refused == .overLimit(.attributes, limit: 1_000, line: 2))
    #expect(elapsed < .seconds(1), "took \(elapsed)")
    // `=` inside values and comments does not count; 1,000 attributes parse.
    let thousand = (0..<1_000).map { " a\($0)=\"x=y\"" }.joined()
    let tree = try UITree(
      parsing: Array("<hierarchy><!-- a=b c=d --><node\(thousand)/></hierarchy>".utf8),
      source: "ok.xml")
    #expect(tree.nodes[0].attributes.count == 1_000)
  }

  @Test("a bounds value beyond the coordinate range leaves the node without bounds")
  func hugeBounds() throws {
    let text = dump.replacingOccurrences(
      of: "[0,0][720,100]", with: "[99999999999999999999999,0][0,0]")
    let tree = try UITree(parsing: Array(text.utf8), source: "huge.xml")
    #expect(tree.nodes[0].bounds == nil)
    #expect(tree.nodes[0][attribute: "bounds"] == "[99999999999999999999999,0][0,0]")
    #expect(tree.summary.nodes == 1 && tree.summary.unreadableBounds == 1)
  }
}
