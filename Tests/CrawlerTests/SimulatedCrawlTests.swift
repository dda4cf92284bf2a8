import Crawler
import Foundation
import GraphStore
import SyntheticApps
import TestSupport
import Testing
import UIHierarchy

@Suite("Crawling simulated apps")
struct SimulatedCrawlTests {
  /// Pages reachable from the root by any element (taps, typing, swipes) but those the
  /// explorer skips on purpose ("Sign out", "Log out", …).
  func reachable(_ app: AppDefinition) -> Set<String> {
    let skip = ExplorerOptions().skipKeywords
    var seen: Set<String> = [app.root]
    var queue = [app.root]
    while let page = queue.popLast() {
      for element in app.pages[page]?.elements ?? []
      where !skip.contains(where: { (element.text ?? "").contains($0) }) {
        if let to = element.to, app.pages[to] != nil, seen.insert(to).inserted { queue.append(to) }
      }
    }
    return seen
  }

  /// A page's content as the graph keeps it: its compact-HTML lines, the status-bar clock
  /// left out.
  static func content(html: String) -> String {
    html.split(separator: "\n").filter { !$0.contains(":id/clock\"") }.joined(separator: "\n")
  }

  /// Every move between two different pages the definition allows from the reachable pages
  /// (elements behind skip keywords left out), as (page content, page content).
  func expectedEdges(_ app: AppDefinition) throws -> Set<[String]> {
    let renderer = ScreenRenderer()
    let skip = ExplorerOptions().skipKeywords
    var content: [String: String] = [:]
    for (id, page) in app.pages {
      let xml = renderer.xml(page, app: app, clock: "12:00")
      content[id] = Self.content(
        html: CompactHTML(try UITree(parsing: Array(xml.utf8), source: id)).text)
    }
    var edges: Set<[String]> = []
    for id in reachable(app) {
      for element in app.pages[id]?.elements ?? []
      where !skip.contains(where: { (element.text ?? "").contains($0) }) {
        if let to = element.to, to != id, let from = content[id], let target = content[to] {
          edges.insert([from, target])
        }
      }
    }
    return edges
  }

  /// The graph's edges between two different pages, as (page content, page content).
  func foundEdges(_ db: Database) throws -> Set<[String]> {
    Set(
      try db.fetchAll(
        """
        SELECT DISTINCT f.html, t.html FROM edge e
        JOIN page f ON f.id = e.from_page JOIN page t ON t.id = e.to_page WHERE e.self_loop = 0
        """
      ).map { row in row.map { Self.content(html: $0.string ?? "") } })
  }

  func crawl(_ file: String, flakiness: Double = 0, budget: Int = 3000, useBack: Bool = false)
    throws -> (
      CrawlSummary, Database, AppDefinition
    )
  {
    let path = Fixtures.repositoryRoot.appendingPathComponent("graphs/\(file)").path
    let device = try SimulatedDevice(definition: path, flakiness: flakiness)
    let folder = try Fixtures.temporaryDirectory("crawl-\(file)")
    let db = try Database(path: folder.appendingPathComponent("g.sqlite").path)
    var options = ExplorerOptions()
    options.budget = budget
    options.useBack = useBack
    options.inputKeywords = device.app.keywords ?? []
    let explorer = try Explorer(
      device: device, package: device.app.package, name: device.app.name, database: db,
      work: folder.appendingPathComponent("screens"), options: options)
    return (try explorer.run(), db, device.app)
  }

  @Test(
    "every reachable page of each bundled app, once, though its clock changes every capture",
    arguments: ["notes.json", "shop.json", "mail.json"])
  func coverage(file: String) throws {
    let (summary, db, app) = try crawl(file)
    #expect(summary.stoppedBecause == "nothing left to explore")
    #expect(try db.scalar("SELECT count(*) FROM page") == Int64(reachable(app).count))
    #expect(summary.newPages == reachable(app).count)
    // Every move the definition allows was found, and nothing else.
    let expected = try expectedEdges(app)
    #expect(expected.count > 20)
    #expect(try foundEdges(db) == expected)
  }

  @Test("flaky actions are retried, and going back instead of restarting, give the same graph")
  func flaky() throws {
    let (steady, steadyDB, _) = try crawl("notes.json")
    let (fast, fastDB, _) = try crawl("notes.json", useBack: true)
    #expect(fast.restarts < steady.restarts && fast.actions < steady.actions)
    #expect(
      try fastDB.scalar("SELECT count(*) FROM page") == steadyDB.scalar("SELECT count(*) FROM page")
    )
    #expect(try foundEdges(fastDB) == foundEdges(steadyDB))
    let (flaky, flakyDB, app) = try crawl("notes.json", flakiness: 0.4)
    #expect(flaky.retries > steady.retries)
    #expect(try flakyDB.scalar("SELECT count(*) FROM page") == Int64(reachable(app).count))
    #expect(try foundEdges(flakyDB) == foundEdges(steadyDB))
  }

  @Test("a crawl stopped by its budget resumes where it stopped and ends with the same graph")
  func resume() throws {
    let path = Fixtures.repositoryRoot.appendingPathComponent("graphs/notes.json").path
    let folder = try Fixtures.temporaryDirectory("crawl-resume")
    let db = try Database(path: folder.appendingPathComponent("g.sqlite").path)
    var options = ExplorerOptions()
    options.budget = 40
    var rounds = 0
    var last = CrawlSummary()
    while last.stoppedBecause != "nothing left to explore" && rounds < 50 {
      let device = try SimulatedDevice(definition: path)
      options.inputKeywords = device.app.keywords ?? []
      last = try Explorer(
        device: device, package: device.app.package, name: device.app.name, database: db,
        work: folder.appendingPathComponent("screens"), options: options
      ).run()
      rounds += 1
    }
    #expect(rounds > 1)
    let (_, whole, app) = try crawl("notes.json")
    #expect(try db.scalar("SELECT count(*) FROM page") == Int64(reachable(app).count))
    #expect(try foundEdges(db) == foundEdges(whole))
  }
}
