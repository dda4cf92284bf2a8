import Foundation
import GraphStore
import Ingest
import Models
import TestSupport
import Testing
import UIHierarchy

@testable import Agent

/// The agent's known faults, each fixed: "done" on a waypoint page, another app's screen, the
/// screen size of dialog-only dumps, errors of the memory hidden.
@Suite("Agent faults")
struct AgentFaultTests {
  /// A dump of one app's screen: texts (clickable, 100 px rows from y = 100) under a title.
  static func screen(_ package: String, _ title: String, _ texts: [String]) -> String {
    let nodes = texts.enumerated().map { index, text in
      "<node class=\"android.widget.TextView\" package=\"\(package)\" text=\"\(text)\" "
        + "content-desc=\"\" clickable=\"true\" "
        + "bounds=\"[0,\(100 + index * 200)][720,\(200 + index * 200)]\"/>"
    }.joined()
    return "<hierarchy rotation=\"0\"><node class=\"android.widget.FrameLayout\" "
      + "package=\"\(package)\" bounds=\"[0,0][720,1280]\"><node class=\"android.widget.TextView\" "
      + "package=\"\(package)\" text=\"\(title)\" bounds=\"[0,0][720,80]\"/>\(nodes)</node></hierarchy>"
  }

  /// A recorded session like LlamaTouch's trace 18: a news app, home, the launcher, Duolingo's
  /// home page, then a lesson. Each screen's app is its package.
  static func session() throws -> (folder: URL, db: Database) {
    let folder = try Fixtures.temporaryDirectory("agent-faults")
    let screens = [
      "news": screen(
        "com.news", "Sustainable living news", ["Sources", "Follow", "Blue Tomorrow"]),
      "launcher": screen("com.launcher", "Home screen", ["Duolingo", "Maps", "Calculator"]),
      "duo": screen("com.duolingo", "Learn tab", ["Unit 1 Rookie", "START", "Leagues tab"]),
      "lesson": screen("com.duolingo", "Select the correct image", ["the woman", "CHECK"]),
    ]
    for (name, xml) in screens {
      try xml.write(
        to: folder.appendingPathComponent("\(name).xml"), atomically: true, encoding: .utf8)
    }
    func click(_ row: Int) -> String {
      let top = 100 + row * 200
      return "{\"type\": \"click\", \"x\": 360, \"y\": \(top + 50), "
        + "\"bounds\": \"[0,\(top)][720,\(top + 100)]\"}"
    }
    try """
    {"id": "0", "app": "com.news", "xml": "news.xml"}
    {"id": "1", "app": "com.launcher", "xml": "launcher.xml", "action": {"type": "home"}}
    {"id": "2", "app": "com.duolingo", "xml": "duo.xml", "action": \(click(0))}
    {"id": "3", "app": "com.duolingo", "xml": "lesson.xml", "action": \(click(1))}
    """.write(to: folder.appendingPathComponent("steps.jsonl"), atomically: true, encoding: .utf8)
    let path = folder.appendingPathComponent("graph.sqlite").path
    let ingester = try GraphIngester(database: Database(path: path))
    _ = try ingester.ingest(
      TraceFolderReader.steps(in: folder.path), source: folder.path, format: "trace")
    return (folder, try Database(path: path, mode: .readOnly))
  }

  static func act(_ goal: String, on xml: URL, memory: Database?) async throws -> AgentDecision {
    let policy = AgentPolicy(model: try BuiltinModel(language: .en), memory: memory)
    return try await policy.act(
      goal: goal, xml: xml.path, screenshot: nil, width: 720, height: 1280)
  }

  @Test("a page only the goal's words name, where recorded sessions went on, is not the end")
  func noEarlyDone() async throws {
    let (folder, db) = try Self.session()
    let duo = folder.appendingPathComponent("duo.xml")
    let onward = try await Self.act(
      "Practice pronunciation in French in Duolingo.", on: duo, memory: db)
    #expect(onward.action?.kind == .tap, "\(onward.reason)")
    // START is the second row: [0,300][720,400].
    let y = try #require(onward.action?.point?.y) * 1280
    #expect(y >= 300 && y <= 400 && onward.fromMemory)
    // A goal that names the page outright still ends there.
    let named = try await Self.act("Duolingo", on: duo, memory: db)
    #expect(named.action?.kind == .done, "\(named.reason)")
  }

  @Test("on another app's screen: press home along a recorded path, else open the goal's app")
  func otherApp() async throws {
    let (folder, db) = try Self.session()
    let home = try await Self.act(
      "Open Duolingo", on: folder.appendingPathComponent("news.xml"), memory: db)
    #expect(home.action?.kind == .home, "\(home.reason)")
    // A screen the graph never saw, in an app with no recorded path to Duolingo.
    let weather = folder.appendingPathComponent("weather.xml")
    try Self.screen("com.weather", "Weather today", ["Sunny 21", "Tomorrow", "Radar map"])
      .write(to: weather, atomically: true, encoding: .utf8)
    let open = try await Self.act("Open Duolingo", on: weather, memory: db)
    #expect(open.action?.kind == .openApp && open.action?.text == "com.duolingo", "\(open.reason)")
  }

  @Test("a page showing the goal's element that no recorded action took: tap it, then done")
  func untriedElement() async throws {
    let (folder, db) = try Self.session()
    // The launcher shows "Maps" (the second row), which the recorded session never tapped.
    let tap = try await Self.act(
      "Click the Maps button", on: folder.appendingPathComponent("launcher.xml"), memory: db)
    #expect(tap.action?.kind == .tap && tap.fromMemory, "\(tap.reason)")
    let y = try #require(tap.action?.point?.y) * 1280
    #expect(y >= 300 && y <= 400, "\(tap.reason)")
    // The screen it opens is one the graph never saw, titled by the element: done.
    let maps = folder.appendingPathComponent("maps.xml")
    try Self.screen("com.launcher", "Maps", ["Search here", "Directions"])
      .write(to: maps, atomically: true, encoding: .utf8)
    let done = try await Self.act("Click the Maps button", on: maps, memory: db)
    #expect(done.action?.kind == .done, "\(done.reason)")
  }

  @Test("the best-scored goal page is headed for, not the nearer page merely showing the word")
  func bestScoredTarget() async throws {
    let folder = try Fixtures.temporaryDirectory("agent-best-target")
    // From the start, "Recent" (one tap) shows "Shopping list" as a row nobody acted on; the
    // goal's page is behind "Search" then the "Shopping list" row there (two taps).
    let screens = [
      "start": Self.screen("com.notes", "Notes", ["Search", "Recent"]),
      "recent": Self.screen("com.notes", "Recent notes", ["Shopping list", "Meeting notes"]),
      "search": Self.screen("com.notes", "Search results", ["Shopping list", "Holiday plans"]),
      "note": Self.screen("com.notes", "Groceries", ["Share", "Delete"]),
    ]
    for (name, xml) in screens {
      try xml.write(
        to: folder.appendingPathComponent("\(name).xml"), atomically: true, encoding: .utf8)
    }
    func click(_ row: Int) -> String {
      let top = 100 + row * 200
      return "{\"type\": \"click\", \"x\": 360, \"y\": \(top + 50), "
        + "\"bounds\": \"[0,\(top)][720,\(top + 100)]\"}"
    }
    try """
    {"id": "0", "app": "com.notes", "xml": "start.xml"}
    {"id": "1", "app": "com.notes", "xml": "recent.xml", "action": \(click(1))}
    {"id": "2", "app": "com.notes", "xml": "start.xml", "action": {"type": "back"}}
    {"id": "3", "app": "com.notes", "xml": "search.xml", "action": \(click(0))}
    {"id": "4", "app": "com.notes", "xml": "note.xml", "action": \(click(0))}
    """.write(to: folder.appendingPathComponent("steps.jsonl"), atomically: true, encoding: .utf8)
    let path = folder.appendingPathComponent("graph.sqlite").path
    let ingester = try GraphIngester(database: Database(path: path))
    _ = try ingester.ingest(
      TraceFolderReader.steps(in: folder.path), source: folder.path, format: "trace")
    let db = try Database(path: path, mode: .readOnly)
    let goal = "Click the Shopping list button"
    for name in ["start", "recent"] {
      let decision = try await Self.act(
        goal, on: folder.appendingPathComponent("\(name).xml"), memory: db)
      #expect(decision.action?.kind != .done, "\(name): \(decision.reason)")
      #expect(decision.fromMemory, "\(name): \(decision.reason)")
    }
    // Search is the first row ([0,100][720,200]), Recent the second.
    let first = try await Self.act(goal, on: folder.appendingPathComponent("start.xml"), memory: db)
    let y = try #require(first.action?.point?.y) * 1280
    #expect(y >= 100 && y <= 200, "\(first.reason)")
    // On the search results the row leads to the goal page in one tap.
    let next = try await Self.act(
      goal, on: folder.appendingPathComponent("search.xml"), memory: db)
    let rowY = try #require(next.action?.point?.y) * 1280
    #expect(next.action?.kind == .tap && rowY >= 100 && rowY <= 200, "\(next.reason)")
  }

  @Test("a graph that cannot be read is an error, not a silent answer from the model")
  func memoryErrors() async throws {
    let (folder, _) = try Self.session()
    let path = folder.appendingPathComponent("graph.sqlite").path
    try Database(path: path).execute("DROP TABLE edge")
    let broken = try Database(path: path, mode: .readOnly)
    await #expect(throws: (any Error).self) {
      _ = try await Self.act(
        "Open Duolingo", on: folder.appendingPathComponent("news.xml"), memory: broken)
    }
  }

  @Test("a dump of a dialog alone: the screen is the centred dialog's extent plus its margins")
  func dialogOnlyScreenSize() throws {
    let dialog = try UITree(
      parsing: Array(
        """
        <hierarchy rotation="0"><node class="android.widget.FrameLayout" package="com.android.permissioncontroller" bounds="[54,900][1026,1500]"><node text="Allow" bounds="[100,1300][980,1450]"/></node></hierarchy>
        """.utf8), source: "dialog.xml")
    #expect(dialog.windowExtent.map { [$0.width, $0.height] } == [1080, 2400])
    let full = try UITree(
      parsing: Array(
        """
        <hierarchy rotation="0"><node package="a" bounds="[0,0][1080,2337]"/><node package="b" bounds="[54,900][1026,1500]"/></hierarchy>
        """.utf8), source: "full.xml")
    #expect(full.windowExtent.map { [$0.width, $0.height] } == [1080, 2337])
  }
}
