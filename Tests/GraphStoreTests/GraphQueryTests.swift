import Foundation
import Geometry
import SyntheticApps
import TestSupport
import Testing

@testable import GraphStore

/// Queries over a small graph written row by row, with answers worked out by hand.
@Suite("Graph queries on a known graph")
struct GraphQueryTests {
  struct Pages {
    var home: Int64 = 0, settings: Int64 = 0, wifi: Int64 = 0, about: Int64 = 0
    var orphan: Int64 = 0, start: Int64 = 0, end: Int64 = 0
  }

  @Test(
    "k paths over frontiers wider than a read-ahead batch are the ones a page-at-a-time search finds"
  )
  func pathsReadFrontiersAhead() throws {
    let db = try Database(path: ":memory:")
    let writer = try GraphRowWriter(database: db)
    let app = try writer.app("wide")
    let ids = try (0..<400).map { try writer.page(app: app, name: "p\($0)") }
    var random = SeededGenerator(seed: 11)
    var hops: [PageHop] = []
    func add(_ from: Int, _ to: Int) throws {
      try writer.edge(from: ids[from], to: ids[to], label: "to \(to)")
      hops.append(PageHop(from: ids[from], to: ids[to]))
    }
    // A hub to and from every page (frontiers of hundreds both ways), sparse random links.
    for page in 1..<ids.count { try add(0, page) }
    for page in 2..<ids.count where page % 3 == 0 { try add(page, 1) }
    for page in 0..<ids.count {
      for _ in 0..<2 { try add(page, Int.random(in: 0..<ids.count, using: &random)) }
    }
    try writer.finish()
    #expect(DatabaseAdjacency.readAheadBatch < ids.count / 3)
    var memory = ShortestPathSearch(adjacency: MemoryAdjacency(hops: hops))
    for _ in 0..<30 {
      let source = ids[Int.random(in: 1..<ids.count, using: &random)]
      let target = ids[Int.random(in: 0..<ids.count, using: &random)]
      let expected = try memory.paths(from: source, to: target, k: 3)
      #expect(!expected.isEmpty)
      #expect(try db.shortestPaths(from: source, to: target, k: 3).map(\.pages) == expected)
    }
  }

  /// demo: home → settings (×3), home → about, about → settings, settings → wifi (×2),
  /// settings ↺ (self-loop ×5), wifi → home; orphan has no edges. other: start → end.
  func graph() throws -> (Database, Pages) {
    let db = try Database(path: ":memory:")
    let writer = try GraphRowWriter(database: db)
    var pages = Pages()
    let demo = try writer.app("demo")
    pages.home = try writer.page(app: demo, name: "home")
    pages.settings = try writer.page(app: demo, name: "settings")
    pages.wifi = try writer.page(app: demo, name: "wifi")
    pages.about = try writer.page(app: demo, name: "about")
    pages.orphan = try writer.page(app: demo, name: "orphan")
    try writer.edge(from: pages.home, to: pages.settings, label: "Settings", count: 3)
    try writer.edge(from: pages.home, to: pages.about, label: "About")
    try writer.edge(from: pages.about, to: pages.settings, label: "Open settings")
    try writer.edge(from: pages.settings, to: pages.wifi, label: "Wi-Fi", count: 2)
    try writer.edge(from: pages.settings, to: pages.settings, label: "Refresh", count: 5)
    try writer.edge(from: pages.wifi, to: pages.home, label: "Home")
    let other = try writer.app("other")
    pages.start = try writer.page(app: other, name: "start")
    pages.end = try writer.page(app: other, name: "end")
    try writer.edge(from: pages.start, to: pages.end, label: "系统设置")
    try writer.finish()
    return (db, pages)
  }

  @Test("leads-to lists every element that reached a page, self-loops left out")
  func leadsTo() throws {
    let (db, pages) = try graph()
    let answers = try db.leadsTo(page: pages.settings)
    #expect(answers.map(\.fromPage) == [pages.home, pages.about])
    #expect(answers.map { $0.element?.text } == ["Settings", "Open settings"])
    #expect(answers.map(\.count) == [3, 1])
    #expect(answers.map(\.fromName) == ["home", "about"])
    #expect(try db.leadsTo(page: pages.orphan).isEmpty)
  }

  @Test("leads-from lists where each action on a page led, with attempts; self-loops left out")
  func leadsFrom() throws {
    let (db, pages) = try graph()
    // The Wi-Fi button once also led to the orphan page: 3 attempts, 2 of them to wifi.
    try db.execute(
      """
      INSERT INTO edge(from_page, action_id, to_page, element_id, count, self_loop)
      SELECT from_page, action_id, \(pages.orphan), element_id, 1, 0 FROM edge
      WHERE from_page = \(pages.settings) AND to_page = \(pages.wifi)
      """)
    let answers = try db.leadsFrom(page: pages.settings)
    #expect(answers.map(\.transition.toPage) == [pages.wifi, pages.orphan])
    #expect(answers.map(\.toName) == ["wifi", "orphan"])
    #expect(answers.map { $0.transition.element?.text } == ["Wi-Fi", "Wi-Fi"])
    #expect(answers.map(\.transition.count) == [2, 1])
    #expect(answers.map(\.attempts) == [3, 3])
    let reliability: [Double] = [2.0 / 3, 1.0 / 3]
    #expect(answers.map(\.reliability) == reliability)
    #expect(answers.allSatisfy { $0.transition.fromPage == pages.settings })
    #expect(answers.first?.transition.element?.bounds == "[0,100][720,180]")
    let home = try db.leadsFrom(page: pages.home)
    #expect(home.map { $0.transition.element?.text } == ["Settings", "About"])
    #expect(
      try db.leadsFrom(page: pages.home, limit: 1).map(\.transition.toPage) == [pages.settings])
    #expect(try db.leadsFrom(page: pages.orphan).isEmpty)
  }

  @Test("k shortest paths carry each step's element, bounds and action")
  func paths() throws {
    let (db, pages) = try graph()
    let paths = try db.shortestPaths(from: pages.home, to: pages.wifi, k: 3)
    #expect(
      paths.map(\.pages) == [
        [pages.home, pages.settings, pages.wifi],
        [pages.home, pages.about, pages.settings, pages.wifi],
      ])
    let first = try #require(paths.first?.steps.first)
    #expect(first.element?.text == "Settings")
    #expect(first.element?.bounds == "[0,100][720,180]")
    #expect(first.actionType == "click")
    #expect(first.mobile3M == "click(<button> Settings </button>)")
    #expect(first.count == 3)
    #expect(first.fromName == "home")
    #expect(paths[1].steps.map { $0.element?.text } == ["About", "Open settings", "Wi-Fi"])
    // Round the cycle back through home.
    #expect(
      try db.shortestPaths(from: pages.wifi, to: pages.about).map(\.pages) == [
        [pages.wifi, pages.home, pages.about]
      ])
    #expect(try db.shortestPaths(from: pages.home, to: pages.orphan, k: 3).isEmpty)
    #expect(try db.shortestPaths(from: pages.home, to: pages.end).isEmpty)
  }

  @Test("an app's launch page is where its sessions start")
  func launchPage() throws {
    let (db, pages) = try graph()
    #expect(try db.launchPage(ofAppOf: pages.wifi) == pages.home)
    #expect(try db.launchPage(ofAppOf: pages.end) == pages.start)
    #expect(try db.launchPage(ofAppOf: 999) == nil)
  }

  @Test("search finds text in any script, exact matches first, short queries by scan")
  func search() throws {
    let (db, pages) = try graph()
    let settings = try db.search("SETTINGS")
    #expect(settings.map { $0.element.text } == ["Settings", "Open settings"])
    #expect(settings.map(\.page) == [pages.home, pages.about])
    #expect(settings.first?.app == "demo")
    #expect(try db.search("wi-f").map(\.page) == [pages.settings])
    #expect(try db.search("系统设").map(\.page) == [pages.start])
    #expect(try db.search("设置").map(\.page) == [pages.start])
    #expect(try db.search("Wi").map { $0.element.text } == ["Wi-Fi"])
    #expect(try db.search("nothing like this").isEmpty)
    #expect(try db.search("  ").isEmpty)
    #expect(try db.search("\"quoted\" OR x").isEmpty)
  }

  @Test("page details: elements, edge counts, names")
  func details() throws {
    let (db, pages) = try graph()
    let settings = try #require(try db.pageDetails(pages.settings))
    #expect(settings.app == "demo")
    #expect(settings.names == ["settings"])
    #expect(settings.elements.map(\.summary.text) == ["Wi-Fi", "Refresh"])
    #expect(settings.elements.first?.box == [0, 100, 720, 180])
    #expect(settings.outgoingEdges == 1)
    #expect(settings.incomingEdges == 2)
    #expect(try db.pageDetails(999) == nil)
  }

  @Test("exports: node and edge counts, per app, pages or visits")
  func exports() throws {
    let (db, _) = try graph()
    var json = ""
    let summary = try db.exportGraph(format: .json, unique: true, to: &json)
    #expect(summary == GraphExportSummary(nodes: 7, edges: 7))
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect((object["nodes"] as? [Any])?.count == 7)
    #expect(
      (object["links"] as? [[String: Any]])?.filter { $0["self_loop"] as? Bool == true }.count == 1)
    var dot = ""
    #expect(
      try db.exportGraph(format: .dot, app: "other", unique: true, to: &dot)
        == GraphExportSummary(nodes: 2, edges: 1))
    #expect(dot.contains("label=\"click 系统设置\""))
    var visits = ""
    #expect(
      try db.exportGraph(format: .graphml, unique: false, to: &visits)
        == GraphExportSummary(nodes: 7, edges: 0))
    var ignored = ""
    #expect(throws: GraphQueryError.self) {
      try db.exportGraph(format: .dot, app: "nope", unique: true, to: &ignored)
    }
  }

  @Test("GraphML and node-link JSON load in NetworkX with the same graph")
  func networkXReadsExports() throws {
    let check = try? ProcessResult.runTool("python3", ["-c", "import networkx"])
    guard check?.status == 0 else {
      print("skipped: python3 with networkx is not installed")
      return
    }
    let (db, _) = try graph()
    let folder = try Fixtures.temporaryDirectory("export")
    for format in [GraphExportFormat.graphml, .json] {
      var text = ""
      try db.exportGraph(format: format, unique: true, to: &text)
      try text.write(
        to: folder.appendingPathComponent("g.\(format.rawValue)"), atomically: true,
        encoding: .utf8)
    }
    let script = """
      import json, networkx as nx
      g = nx.read_graphml("\(folder.path)/g.graphml")
      h = nx.node_link_graph(json.load(open("\(folder.path)/g.json")), edges="links")
      print(g.number_of_nodes(), g.number_of_edges(), h.number_of_nodes(), h.number_of_edges(),
            sum(1 for _, _, d in g.edges(data=True) if d["self_loop"]), g.is_directed())
      """
    let result = try ProcessResult.runTool("python3", ["-c", script])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "7 7 7 7 1 True")
  }
}
