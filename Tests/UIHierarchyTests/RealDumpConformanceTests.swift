import Foundation
import TestSupport
import Testing
import UIHierarchy

/// Parses every real dump in ../shared/realdata (never copied into the repo).
@Suite(
  "Real dumps (../shared/realdata)",
  .enabled(if: Fixtures.hasRealData, "\(Fixtures.realDataMissing)"))
struct RealDumpConformanceTests {
  static let dumps = Fixtures.files(under: Fixtures.realData, suffixes: [".xml"])

  @Test("every XML dump parses into a tree with HTML and actions")
  func everyDump() throws {
    #expect(Self.dumps.count >= 50)
    for url in Self.dumps {
      let tree = try UITree(contentsOf: url.path)
      #expect(tree.nodes.count > 0, "\(url.lastPathComponent)")
      #expect(!tree.windows.isEmpty)
      for node in tree.nodes {
        if let parent = node.parent { #expect(tree.nodes[parent].children.contains(node.index)) }
      }
      _ = ActionSpace(tree).actions
    }
  }

  @Test("the uiautomator2 dumps hold several windows and the newer attributes")
  func multiWindow() throws {
    for folder in [
      "tinmaungzin__google-tasks-crawler", "tinmaungzin__uiautomator2-mobile-automation",
    ] {
      let tree = try UITree(
        contentsOf: Fixtures.realData.appendingPathComponent(folder)
          .appendingPathComponent("hierarchy.xml").path)
      #expect(tree.windows.count >= 2, "\(folder)")
      #expect(tree.nodes.contains { $0.isVisibleToUser != nil && $0.drawingOrder != nil })
    }
  }

  @Test("InterDroid's byte-identical revisits give identical compact HTML")
  func revisits() throws {
    let folder = Fixtures.realData.appendingPathComponent(
      "test7766987__InterDroid/Dataset/data_example/ui_trees")
    for (a, b) in [(4, 9), (7, 11), (8, 10)] {
      let first = try UITree(contentsOf: folder.appendingPathComponent("step_\(a)_ui.xml").path)
      let second = try UITree(contentsOf: folder.appendingPathComponent("step_\(b)_ui.xml").path)
      #expect(CompactHTML(first).lines == CompactHTML(second).lines)
      #expect(CompactHTML(first).lineSetHash == CompactHTML(second).lineSetHash)
    }
    let step3 = try UITree(contentsOf: folder.appendingPathComponent("step_3_ui.xml").path)
    let step4 = try UITree(contentsOf: folder.appendingPathComponent("step_4_ui.xml").path)
    #expect(CompactHTML(step3).lineSetHash != CompactHTML(step4).lineSetHash)
  }

  @Test("AppAgent dumps with inverted and zero-area bounds are kept and flagged")
  func flaggedBounds() throws {
    let appAgent = Self.dumps.filter { $0.path.contains("Untergang1__AppAgent") }
    var inverted = 0
    var zeroArea = 0
    for url in appAgent {
      let summary = try UITree(contentsOf: url.path).summary
      inverted += summary.invertedBounds
      zeroArea += summary.zeroAreaBounds
    }
    #expect(inverted > 0)
    #expect(zeroArea > 0)
  }
}
