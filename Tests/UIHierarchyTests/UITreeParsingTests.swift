import Foundation
import Geometry
import TestSupport
import Testing
import UIHierarchy

@Suite("Parsing uiautomator dumps")
struct UITreeParsingTests {
  @Test("every attribute is kept in order, including the newer ones")
  func attributes() throws {
    let xml = """
      <?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
      <hierarchy rotation="1">
        <node NAF="true" index="0" text="" resource-id="" class="android.widget.FrameLayout" package="com.android.systemui" content-desc="" clickable="true" scrollable="false" visible-to-user="true" bounds="[0,0][1600,60]" drawing-order="3" hint="Search" display-id="0" custom="x" />
        <node index="0" text="Hi &#128293;&#10;there &amp; you" class="android.widget.TextView" package="app" bounds="[10,10][5,5]" />
      </hierarchy>
      """
    let tree = try UITree(parsing: Array(xml.utf8), source: "u2.xml")
    #expect(tree.rotation == 1)
    #expect(tree.windows == [0, 1])
    let first = tree.nodes[0]
    #expect(first.attributes.map(\.name).first == "NAF")
    #expect(first.attributes.map(\.name).last == "custom")
    #expect(first.isNAF && first.isClickable && first.isVisibleToUser == true)
    #expect(first.drawingOrder == 3 && first.displayID == 0 && first.hint == "Search")
    let second = tree.nodes[1]
    #expect(second.text == "Hi 🔥\nthere & you")
    #expect(second.isVisibleToUser == nil)
    #expect(second.bounds?.isInverted == true)
    #expect(tree.summary.invertedBounds == 1)
  }

  @Test("Appium page source names elements by class")
  func appium() throws {
    let xml = """
      <?xml version="1.0" encoding="UTF-8"?><hierarchy index="0" class="hierarchy" rotation="0" width="720" height="1184"><android.widget.FrameLayout index="0" package="p" class="android.widget.FrameLayout" bounds="[0,0][720,1184]" displayed="true"><android.widget.TextView index="0" package="p" text="OK" bounds="[0,0][10,10]" displayed="true"/></android.widget.FrameLayout></hierarchy>
      """
    let tree = try UITree(parsing: Array(xml.utf8), source: "appium.xml")
    #expect(tree.nodes.count == 2)
    #expect(tree.nodes[1].className == "android.widget.TextView")
    #expect(tree.nodes[1].elementName == "android.widget.TextView")
    #expect(tree.nodes[0].children == [1] && tree.nodes[1].parent == 0 && tree.nodes[1].depth == 1)
    #expect(
      CompactHTML(tree).lines == [#"<p package="p" class="android.widget.TextView"> OK </p>"#])
  }

  @Test("noise before the XML and the 'dumped to' line after it are tolerated")
  func noise() throws {
    let xml =
      "java.lang.RuntimeException: theme loader\n\tat miui.Foo\n"
      + String(decoding: dump(node("android.view.View", "[0,0][1,1]", text: "x")), as: UTF8.self)
      + "\nUI hierchary dumped to: /dev/tty\n"
    let tree = try UITree(parsing: Array(xml.utf8), source: "noisy.xml")
    #expect(tree.nodes.count == 1)
  }

  @Test("a tree from nodes given by parent index")
  func fromNodes() throws {
    let nodes = [
      UINode(index: 0, parent: nil, depth: 0, attributes: [.init(name: "class", value: "A")]),
      UINode(
        index: 1, parent: 0, depth: 0,
        attributes: [.init(name: "text", value: "t"), .init(name: "bounds", value: "[1,2][3,4]")]),
    ]
    let tree = try UITree(nodes: nodes, source: "droidbot")
    #expect(tree.nodes[0].children == [1] && tree.nodes[1].depth == 1)
    #expect(tree.nodes[1].bounds == Bounds(left: 1, top: 2, right: 3, bottom: 4))
    let bad = [UINode(index: 0, parent: 3, depth: 0, attributes: [])]
    #expect(throws: UIHierarchyError.self) { try UITree(nodes: bad, source: "bad") }
  }
}

@Suite("Bad dumps give typed errors naming the file")
struct BadDumpTests {
  func reason(_ text: String) -> UIHierarchyError.Reason? {
    do {
      _ = try UITree(parsing: Array(text.utf8), source: "screen.xml")
      return nil
    } catch let error as UIHierarchyError {
      #expect(error.description.hasPrefix("screen.xml: "))
      return error.reason
    } catch {
      return nil
    }
  }

  @Test("empty and white-space files")
  func empty() {
    #expect(reason("") == .empty)
    #expect(reason("  \n\t ") == .empty)
  }

  @Test("the device's idle-state failure is quoted")
  func idle() {
    #expect(
      reason("ERROR: could not get idle state.\n")
        == .dumpFailed("ERROR: could not get idle state."))
    #expect(
      reason("ERROR: null root node returned by UiTestAutomationBridge.")
        == .dumpFailed("ERROR: null root node returned by UiTestAutomationBridge."))
  }

  @Test("truncated XML, cut at several places")
  func truncated() {
    let full = String(
      decoding: dump(
        node(
          "android.widget.FrameLayout", "[0,0][1,1]",
          children: [node("android.widget.TextView", "[0,0][1,1]", text: "abc")])), as: UTF8.self)
    for cut in [60, 120, 200, full.count - 20, full.count - 5] {
      let prefix = String(full.prefix(cut))
      guard case .truncated = reason(prefix) else {
        Issue.record(
          "cut at \(cut) not reported as truncated: \(String(describing: reason(prefix)))")
        continue
      }
    }
  }

  @Test("malformed XML reports libxml2's message and position")
  func malformed() {
    guard
      case .malformed(let message, let line, _) = reason(
        "<?xml version='1.0'?>\n<hierarchy>\n<node a=\"1\" a=\"2\"/></hierarchy>")
    else {
      Issue.record("not malformed")
      return
    }
    #expect(line == 3)
    #expect(message.contains("redefined"))
  }

  @Test("HTML and JSON handed in by mistake")
  func wrongFormats() {
    #expect(reason("<!DOCTYPE html><html><body></body></html>") == .html)
    #expect(reason("<html><body/></html>") == .html)
    #expect(reason("{\"views\": []}") == .json)
    #expect(reason("[1,2]") == .json)
  }

  @Test("well-formed XML that is no hierarchy")
  func notHierarchy() {
    guard case .notAHierarchy = reason("<?xml version='1.0'?><svg><rect/></svg>") else {
      Issue.record("svg accepted")
      return
    }
    guard case .notAHierarchy = reason("<hierarchy rotation=\"0\"></hierarchy>") else {
      Issue.record("empty hierarchy accepted")
      return
    }
    guard case .notAHierarchy = reason("plain text, no markup") else {
      Issue.record("text accepted")
      return
    }
  }

  @Test("a missing file and a folder")
  func unreadable() {
    #expect(throws: UIHierarchyError.self) { try UITree(contentsOf: "/nonexistent/x.xml") }
    do {
      _ = try UITree(contentsOf: "/tmp")
      Issue.record("a folder parsed")
    } catch let error as UIHierarchyError {
      #expect(error.description == "/tmp: cannot read the file: is a directory")
    } catch {
      Issue.record("\(error)")
    }
  }
}

@Suite("Truncated dumps with non-ASCII text")
struct TruncatedUnicodeTests {
  @Test("a one-line dump cut after Chinese text is truncated, not malformed")
  func chinese() {
    let full = String(
      decoding: dump(node("android.widget.TextView", "[0,0][1,1]", text: "上海北京广州深圳")),
      as: UTF8.self)
    let cut = String(full.prefix(full.count - 3))
    do {
      _ = try UITree(parsing: Array(cut.utf8), source: "cn.xml")
      Issue.record("parsed a truncated dump")
    } catch let error as UIHierarchyError {
      guard case .truncated = error.reason else {
        Issue.record("\(error)")
        return
      }
    } catch {
      Issue.record("\(error)")
    }
  }
}
