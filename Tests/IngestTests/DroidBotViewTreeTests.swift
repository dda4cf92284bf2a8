import Foundation
import TestSupport
import Testing

@testable import Ingest

@Suite("DroidBot view trees: cycles and long chains")
struct DroidBotViewTreeTests {
  func write(_ views: [String]) throws -> String {
    let path = try Fixtures.temporaryDirectory("droidbot-tree")
      .appendingPathComponent("state.json").path
    try #"{"state_str": "S", "views": [\#(views.joined(separator: ","))]}"#
      .write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test("a view listed as its own descendant is placed once, not looped over")
  func cycle() throws {
    let path = try write([
      #"{"temp_id": 0, "parent": -1, "children": [1], "package": "p", "bounds": [[0, 0], [9, 9]]}"#,
      #"{"temp_id": 1, "parent": 0, "children": [0, 1], "text": "loop"}"#,
    ])
    let (key, tree, package) = try DroidBotReader.readState(path)
    #expect(key == "S" && package == "p")
    #expect(tree.nodes.count == 2 && tree.nodes[1].parent == 0 && tree.nodes[1].text == "loop")
  }

  @Test("a chain of 100,000 views is walked without recursion, in pre-order")
  func chain() throws {
    let count = 100_000
    let views = (0..<count).map { id in
      #"{"temp_id": \#(id), "parent": \#(id - 1), "children": [\#(id + 1 < count ? "\(id + 1)" : "")], "text": "v\#(id)"}"#
    }
    let (_, tree, _) = try DroidBotReader.readState(try write(views))
    #expect(tree.nodes.count == count)
    #expect(tree.nodes.last?.depth == count - 1 && tree.nodes.last?.text == "v\(count - 1)")
  }

  @Test("bounds beyond the coordinate range are dropped, not kept to overflow later")
  func hugeBounds() throws {
    let path = try write([
      #"{"temp_id": 0, "parent": -1, "children": [], "bounds": [[0, 0], [4611686018427387904, 9]]}"#
    ])
    let (_, tree, _) = try DroidBotReader.readState(path)
    #expect(tree.nodes[0].bounds == nil)
  }
}
