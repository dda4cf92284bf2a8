import Foundation
import TestSupport
import Testing

@Suite("m3m crawl: prefix workers and the Mobile3M release layout")
struct CrawlWorkersTests {
  /// The graph as content: every page by its elements (the clock left out), every distinct
  /// edge as (page, action, page). Names and row ids differ between graphs; this does not.
  func content(_ db: String) throws -> (pages: [String], edges: [String]) {
    let keys = """
      WITH k AS (
        SELECT p.id, (SELECT group_concat(t, '|') FROM (
          SELECT text || '#' || resource_id AS t FROM element
          WHERE page_id = p.id AND resource_id NOT LIKE '%:id/clock' ORDER BY node_index)) AS key
        FROM page p)
      """
    let pages = try ProcessResult.runTool(
      "sqlite3", [db, keys + " SELECT key FROM k ORDER BY key;"])
    let edges = try ProcessResult.runTool(
      "sqlite3",
      [
        db,
        keys + """
           SELECT DISTINCT f.key || ' --' || a.mobile3m || '--> ' || t.key
          FROM edge e JOIN k f ON f.id = e.from_page JOIN k t ON t.id = e.to_page
          JOIN action a ON a.id = e.action_id ORDER BY 1;
          """,
      ])
    #expect(pages.status == 0 && edges.status == 0, "\(pages.stderr)\(edges.stderr)")
    return (
      pages.stdout.split(separator: "\n").map(String.init),
      edges.stdout.split(separator: "\n").map(String.init)
    )
  }

  func stats(_ db: String) throws -> [String: Int] {
    let stats = try ProcessResult.run("m3m", ["stats", "--db", db, "--json"])
    let object = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
    return (object ?? [:]).compactMapValues { $0 as? Int }
  }

  @Test("two workers, one on a subtree and one on the rest, merged give the graph of one crawl")
  func prefixWorkers() throws {
    let folder = try Fixtures.temporaryDirectory("crawl-workers")
    let db = { (name: String) in folder.appendingPathComponent(name).path }
    let crawl = ["crawl", "--device", "sim:graphs/notes.json", "--db"]
    #expect(try ProcessResult.run("m3m", crawl + [db("one.sqlite")]).status == 0)
    // notes0_2 is the launch page's second action (Search): its subtree on one device,
    // everything else on the other.
    let subtree = try ProcessResult.run("m3m", crawl + [db("a.sqlite"), "--prefix", "notes0_2"])
    let rest = try ProcessResult.run(
      "m3m", crawl + [db("b.sqlite"), "--exclude-prefix", "notes0_2_"])
    #expect(subtree.status == 0 && rest.status == 0, "\(subtree.stderr)\(rest.stderr)")
    let merged = try ProcessResult.run(
      "m3m", ["merge", db("a.sqlite"), db("b.sqlite"), "--db", db("merged.sqlite")])
    #expect(merged.status == 0, "\(merged.stderr)")

    let one = try content(db("one.sqlite"))
    let a = try content(db("a.sqlite"))
    let b = try content(db("b.sqlite"))
    let both = try content(db("merged.sqlite"))
    #expect(one.pages.count == 11 && one.edges.count > 20)
    // Each worker saw part of the app; together, all of it, each page once.
    #expect(a.pages.count < one.pages.count && b.pages.count < one.pages.count)
    #expect(both.pages == one.pages)
    #expect(both.edges == one.edges)
    #expect(try stats(db("merged.sqlite"))["uniqueEdges"] == stats(db("one.sqlite"))["uniqueEdges"])
    // The workers named the subtree's root as the one crawl did: the launch page's actions
    // are numbered alike.
    let name = "SELECT count(*) FROM visit WHERE name = 'notes0_2'"
    for file in ["one.sqlite", "a.sqlite"] {
      #expect(try ProcessResult.runTool("sqlite3", [db(file), name]).stdout == "1\n")
    }
    #expect(try ProcessResult.runTool("sqlite3", [db("b.sqlite"), name]).stdout == "0\n")

    let bad = try ProcessResult.run("m3m", crawl + [db("c.sqlite"), "--prefix", "mail0_2"])
    #expect(bad.status == 2 && bad.stderr.contains("--prefix mail0_2: not a page name of notes"))
  }

  @Test("a prefix two levels down: workers take a base crawl's action numbers, else it fails")
  func deeperPrefix() throws {
    let folder = try Fixtures.temporaryDirectory("crawl-deeper-prefix")
    let db = { (name: String) in folder.appendingPathComponent(name).path }
    let crawl = ["crawl", "--device", "sim:graphs/notes.json", "--db"]
    // notes0_2_14 (Search, then typing "groceries") is numbered so by a crawl that expanded
    // the launch page and its children first; a fresh worker numbers notes0_2's actions 8–11.
    let fresh = try ProcessResult.run(
      "m3m", crawl + [db("fresh.sqlite"), "--prefix", "notes0_2_14"])
    #expect(fresh.status == 1)
    #expect(fresh.stderr.contains("notes0_2 has no action 14 in this crawl"), "\(fresh.stderr)")

    #expect(try ProcessResult.run("m3m", crawl + [db("one.sqlite")]).status == 0)
    #expect(
      try ProcessResult.run("m3m", crawl + [db("base.sqlite"), "--max-depth", "2"]).status == 0)
    let shared = ["--actions-from", db("base.sqlite")]
    let a = try ProcessResult.run(
      "m3m", crawl + [db("a.sqlite"), "--prefix", "notes0_2_14"] + shared)
    let b = try ProcessResult.run(
      "m3m", crawl + [db("b.sqlite"), "--exclude-prefix", "notes0_2_14"] + shared)
    #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
    let merged = try ProcessResult.run(
      "m3m", ["merge", db("a.sqlite"), db("b.sqlite"), "--db", db("merged.sqlite")])
    #expect(merged.status == 0, "\(merged.stderr)")
    let one = try content(db("one.sqlite"))
    #expect(try content(db("merged.sqlite")).pages == one.pages)
    #expect(try content(db("merged.sqlite")).edges == one.edges)
    // The worker on the subtree went down it: a page below notes0_2_14, named as one crawl.
    let below = "SELECT count(*) FROM visit WHERE name LIKE 'notes0_2_14_%'"
    let inSubtree = try ProcessResult.runTool("sqlite3", [db("a.sqlite"), below]).stdout
    #expect((Int(inSubtree.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 0)
    #expect(try ProcessResult.runTool("sqlite3", [db("one.sqlite"), below]).stdout == inSubtree)

    // Or workers started from copies of the base database (the numbers come with it); the
    // screens they share are merged once.
    _ = try ProcessResult.runTool(
      "sqlite3", [db("base.sqlite"), "PRAGMA wal_checkpoint(TRUNCATE);"])
    for copy in ["copy-a.sqlite", "copy-b.sqlite"] {
      try FileManager.default.copyItem(atPath: db("base.sqlite"), toPath: db(copy))
    }
    let copyA = try ProcessResult.run(
      "m3m", crawl + [db("copy-a.sqlite"), "--prefix", "notes0_2_14"])
    let copyB = try ProcessResult.run(
      "m3m", crawl + [db("copy-b.sqlite"), "--exclude-prefix", "notes0_2_14"])
    #expect(copyA.status == 0 && copyB.status == 0, "\(copyA.stderr)\(copyB.stderr)")
    let fromCopies = try ProcessResult.run(
      "m3m",
      ["merge", db("copy-a.sqlite"), db("copy-b.sqlite"), "--db", db("from-copies.sqlite")])
    #expect(fromCopies.status == 0, "\(fromCopies.stderr)")
    #expect(try content(db("from-copies.sqlite")).pages == one.pages)
    #expect(try content(db("from-copies.sqlite")).edges == one.edges)
    #expect(try stats(db("from-copies.sqlite"))["visits"] == stats(db("one.sqlite"))["visits"])

    let notCrawl = try ProcessResult.run(
      "m3m", crawl + [db("c.sqlite"), "--actions-from", folder.path])
    #expect(notCrawl.status == 1 && notCrawl.stderr.contains("no such crawl database"))
  }

  @Test("--out writes the Mobile3M release layout, which ingests back into the crawl's graph")
  func releaseLayout() throws {
    let folder = try Fixtures.temporaryDirectory("crawl-release")
    let crawled = folder.appendingPathComponent("crawl.sqlite").path
    let out = folder.appendingPathComponent("out").path
    let run = try ProcessResult.run(
      "m3m",
      [
        "crawl", "--device", "sim:graphs/mail.json", "--name", "post", "--db", crawled, "--out",
        out, "--app-id", "8123",
      ])
    #expect(run.status == 0, "\(run.stderr)")
    let app = out + "/post_graph_8123"

    // The app-level maps are JSON strings holding JSON (`json.dump(json.dumps(d))`).
    func doubleEncoded(_ file: String) throws -> [String: Any] {
      let data = try Data(contentsOf: URL(fileURLWithPath: "\(app)/\(file)"))
      let inner = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
      let text = try #require(inner as? String, "\(file) is not double-encoded")
      return try #require(
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
    let pageIDs = try doubleEncoded("all_page_id.json")
    let actionIDs = try doubleEncoded("all_action_id.json")
    let all2unique = try doubleEncoded("data_all2unique.json") as? [String: String] ?? [:]
    let unique2all = try doubleEncoded("data_unique2all.json") as? [String: [String]] ?? [:]
    let stats = try stats(crawled)
    #expect(pageIDs.count == stats["visits"])
    #expect(Set(all2unique.values).count == stats["uniquePages"])
    #expect(unique2all.values.map(\.count).reduce(0, +) == pageIDs.count)
    #expect(all2unique["post0"] == "post0")
    let triples = try #require(
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: app + "/all_triple.json")))
        as? [String: Any])
    #expect(triples["num"] as? Int == pageIDs.count - 1)
    let numbers = Set(actionIDs.values.compactMap { $0 as? Int })
    #expect(numbers == Set(1...actionIDs.count))

    // A page two steps down holds its whole path, each screen with its page JSON.
    let deep = try #require(
      pageIDs.keys.filter { $0.split(separator: "_").count == 3 }.sorted().first)
    let parts = deep.split(separator: "_")
    let path = (1...parts.count).map { parts.prefix($0).joined(separator: "_") }
    for page in path {
      for suffix in ["-xml.txt", "-html.txt", "-screen.png", ".json"] {
        #expect(FileManager.default.fileExists(atPath: "\(app)/\(deep)/\(page)\(suffix)"))
      }
    }
    let info = try #require(
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: "\(app)/\(deep)/\(deep).json")))
        as? [String: Any])
    #expect(info["path"] as? [String] == path)
    #expect(info["round"] as? Int == 3)
    #expect((info["history_actions"] as? [String])?.count == 2)
    #expect(info["unique_name"] as? String == all2unique[deep])
    #expect(info["valid"] as? Bool == (all2unique[deep] == deep))
    let lastAction = try #require((info["history_actions"] as? [String])?.last)
    #expect(actionIDs[lastAction] as? Int == Int(parts.last!))

    // Ingested as a Mobile3M app, the layout gives the crawl's graph.
    let ingested = folder.appendingPathComponent("ingested.sqlite").path
    let ingest = try ProcessResult.run("m3m", ["ingest", app, "--db", ingested])
    #expect(ingest.status == 0, "\(ingest.stderr)")
    let again = try self.stats(ingested)
    for key in ["visits", "uniquePages", "uniqueEdges", "selfLoops"] {
      #expect(again[key] == stats[key], "\(key)")
    }
    #expect(try content(ingested).edges == content(crawled).edges)

    // A file where the layout should go: refused before the crawl starts.
    let file = folder.appendingPathComponent("a-file").path
    #expect(FileManager.default.createFile(atPath: file, contents: Data()))
    let refused = try ProcessResult.run(
      "m3m",
      [
        "crawl", "--device", "sim:graphs/mail.json", "--db",
        folder.appendingPathComponent("refused.sqlite").path, "--out", file,
      ])
    #expect(refused.status == 1 && refused.stderr.contains("\(file): not a folder"))
    #expect(!refused.stderr.contains("NSCocoaErrorDomain"))
  }
}
