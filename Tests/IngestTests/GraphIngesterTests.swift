import Foundation
import Geometry
import GraphStore
import Ingest
import Screenshots
import TestSupport
import Testing

/// Writes an InterDroid-layout episode whose screens are given as lists of texts; equal lists
/// give equal dumps and screenshots.
func writeEpisode(_ screens: [[String]], broken: Set<Int> = []) throws -> String {
  let folder = try Fixtures.temporaryDirectory("episode")
  let fm = FileManager.default
  try fm.createDirectory(
    at: folder.appendingPathComponent("ui_trees"), withIntermediateDirectories: true)
  try fm.createDirectory(
    at: folder.appendingPathComponent("screenshots"), withIntermediateDirectories: true)
  var steps: [String] = []
  for (number, texts) in screens.enumerated() {
    var nodes = ""
    var image = RGBAImage(width: 200, height: 400, fill: .white)
    for (row, text) in texts.enumerated() {
      let top = 40 + row * 40
      nodes +=
        "<node index=\"\(row)\" text=\"\(text)\" resource-id=\"app:id/row\" class=\"android.widget.TextView\" "
        + "package=\"com.example\" content-desc=\"\" clickable=\"true\" scrollable=\"false\" "
        + "bounds=\"[0,\(top)][200,\(top + 40)]\" />"
      image.draw(text, at: Point(x: 4, y: top + 10), scale: 2)
    }
    let xml =
      broken.contains(number)
      ? "ERROR: could not get idle state."
      : "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation=\"0\">"
        + "<node index=\"0\" text=\"\" class=\"android.widget.FrameLayout\" package=\"com.example\" "
        + "bounds=\"[0,0][200,400]\">\(nodes)</node></hierarchy>"
    try xml.write(
      to: folder.appendingPathComponent("ui_trees/step_\(number)_ui.xml"), atomically: true,
      encoding: .utf8)
    try Data(image.pngData()).write(
      to: folder.appendingPathComponent("screenshots/step_\(number).png"))
    if number > 0 {
      steps.append(
        "{\"step_id\": \(number), \"action_type\": \"click\", \"action_detail\": {\"x\": 10, \"y\": 50}, "
          + "\"operated_bounds\": \"[0,40][200,80]\"}")
    }
  }
  try "{\"target\": \"test\", \"steps\": [\(steps.joined(separator: ","))]}".write(
    to: folder.appendingPathComponent("record.json"), atomically: true, encoding: .utf8)
  return folder.path
}

@Suite("Ingesting traces into the graph")
struct GraphIngesterTests {
  let home = ["Home", "Feed", "Search", "Profile", "Settings"]
  let settings = ["Settings", "Wi-Fi", "Bluetooth", "Display", "Sound", "Battery"]

  func database() throws -> Database {
    try Database(path: Fixtures.temporaryDirectory().appendingPathComponent("g.sqlite").path)
  }

  @Test("pages another writer recorded meanwhile are seen: the same screen folds into its page")
  func twoWritersOneFile() throws {
    let path = try Fixtures.temporaryDirectory().appendingPathComponent("g.sqlite").path
    let first = try GraphIngester(database: Database(path: path))
    let second = try GraphIngester(database: Database(path: path))
    let warmUp = try writeEpisode([home])
    let both = try writeEpisode([home, settings])
    let later = try writeEpisode([settings])
    // The second writer knows the app's pages (home), then the first records settings.
    let known = try second.ingest(
      EpisodeReader.steps(in: warmUp, app: "app"), source: warmUp, format: "episode")
    #expect(known.newPages == 1)
    let recorded = try first.ingest(
      EpisodeReader.steps(in: both, app: "app"), source: both, format: "episode")
    #expect(recorded.newPages == 1)
    let summary = try second.ingest(
      EpisodeReader.steps(in: later, app: "app"), source: later, format: "episode")
    #expect(summary.newPages == 0)
    #expect(try Database(path: path).scalar("SELECT count(*) FROM page") == 2)
  }

  @Test("revisits fold into one page; an unchanged screen is a self-loop")
  func folding() throws {
    let episode = try writeEpisode([home, settings, settings, home])
    let db = try database()
    let summary = try GraphIngester(database: db).ingest(
      EpisodeReader.steps(in: episode), source: episode, format: "episode")
    #expect(summary.visits == 4 && summary.newPages == 2 && summary.selfLoops == 1)
    let stats = try GraphStatistics(db)
    #expect(stats.uniquePages == 2 && stats.uniqueEdges == 3 && stats.selfLoops == 1)
    #expect(stats.visitsPerDepth == ["1": 1, "2": 1, "3": 1, "4": 1])
    // Screen 0's action is not recorded (InterDroid semantics); the click at (10, 50) on the
    // settings screen is matched to its first row, and led back home.
    #expect(try db.scalar("SELECT count(*) FROM edge WHERE element_id IS NULL") == 1)
    let element = try db.fetchOne(
      "SELECT e.text FROM edge JOIN element e ON e.id = edge.element_id "
        + "WHERE edge.self_loop = 0 AND edge.to_page = 1")
    #expect(element?.first?.string == "Settings")
  }

  @Test("ingesting the same source twice adds nothing")
  func idempotent() throws {
    let episode = try writeEpisode([home, settings, home])
    let db = try database()
    let ingester = try GraphIngester(database: db)
    _ = try ingester.ingest(EpisodeReader.steps(in: episode), source: episode, format: "episode")
    let before = try GraphStatistics(db)
    let again = try GraphIngester(database: db).ingest(
      EpisodeReader.steps(in: episode), source: episode, format: "episode")
    #expect(again.visits == 0 && again.skipped == 3)
    #expect(try GraphStatistics(db) == before)
  }

  @Test("an interrupted ingest, run again, gives the graph of one clean run")
  func resume() throws {
    let episode = try writeEpisode([home, settings, home, settings, ["Other", "Page"]])
    let steps = try EpisodeReader.steps(in: episode)
    let clean = try database()
    _ = try GraphIngester(database: clean).ingest(steps, source: episode, format: "episode")
    let resumed = try database()
    var options = GraphIngester.Options()
    options.batchSize = 2
    // The first run stops after three steps (as if killed after its batches were committed).
    _ = try GraphIngester(database: resumed, options: options).ingest(
      steps.prefix(3), source: episode, format: "episode")
    _ = try GraphIngester(database: resumed, options: options).ingest(
      steps, source: episode, format: "episode")
    #expect(try GraphStatistics(clean) == GraphStatistics(resumed))
    let query = "SELECT record, page_id, matched_by FROM visit ORDER BY record"
    #expect(try clean.fetchAll(query) == resumed.fetchAll(query))
  }

  @Test("a broken screen is rejected with its file and reason; the rest goes in")
  func rejects() throws {
    let episode = try writeEpisode([home, settings, home], broken: [1])
    let db = try database()
    let summary = try GraphIngester(database: db).ingest(
      EpisodeReader.steps(in: episode), source: episode, format: "episode")
    #expect(summary.rejected == 1 && summary.visits == 2)
    let reject = try db.fetchOne("SELECT file, reason FROM reject")
    #expect(reject?[0].string?.hasSuffix("step_1_ui.xml") == true)
    #expect(reject?[1].string?.contains("could not get idle state") == true)
  }

  @Test(
    "InterDroid: the revisited steps 4=9, 7=11, 8=10 fold into one unique page each",
    .enabled(if: Fixtures.hasRealData, "\(Fixtures.realDataMissing)"))
  func interDroid() throws {
    let folder = Fixtures.realData.appendingPathComponent(
      "test7766987__InterDroid/Dataset/data_example"
    ).path
    let db = try database()
    let summary = try GraphIngester(database: db).ingest(
      EpisodeReader.steps(in: folder), source: folder, format: "episode")
    #expect(summary.visits == 12 && summary.rejected == 0)
    func page(_ step: Int) throws -> Int64? {
      try db.scalar("SELECT page_id FROM visit WHERE record = ?", [.text("step_\(step)")])
    }
    for (a, b) in [(4, 9), (7, 11), (8, 10)] {
      #expect(try page(a) == page(b), "step \(a) and step \(b)")
    }
    #expect(try page(1) != page(2))
  }
}

@Suite(
  "AppAgent task folders (../shared/realdata)",
  .enabled(if: Fixtures.hasRealData, "\(Fixtures.realDataMissing)"))
struct AppAgentConformanceTests {
  let tasks = Fixtures.realData.appendingPathComponent("Untergang1__AppAgent/tasks")

  @Test("identical consecutive dumps become self-loops; screenshot-only screens are rejected")
  func selfLoops() throws {
    let db = try Database(
      path: Fixtures.temporaryDirectory().appendingPathComponent("a.sqlite").path)
    let ingester = try GraphIngester(database: db)
    var rejected = 0
    let folders = try FileManager.default.contentsOfDirectory(atPath: tasks.path).sorted()
    #expect(folders.count == 27)
    for name in folders {
      let folder = tasks.appendingPathComponent(name).path
      #expect(try TraceFormat.detect(folder) == .appagent)
      rejected += try ingester.ingest(
        AppAgentReader.steps(in: folder), source: folder, format: "appagent"
      )
      .rejected
    }
    #expect(rejected == 5)
    #expect(try db.scalar("SELECT count(*) FROM reject WHERE reason LIKE '%screenshot only%'") == 5)
    // Runs of byte-identical dumps (taps that did nothing, e.g. five in a row in
    // task_system_2024-05-20_20-18-50) are self-loops, unless the screenshots say the screen
    // did change (a keyboard the dump does not show): the Mobile3M pixel test decides.
    let rows = try db.fetchAll(
      """
      SELECT a.xml_path, b.xml_path, e.self_loop, a.screenshot_path, b.screenshot_path
      FROM visit_edge e JOIN visit a ON a.id = e.from_visit JOIN visit b ON b.id = e.to_visit
      """)
    var selfLoops = 0
    var changedScreens = 0
    for row in rows {
      guard let from = row[0].string, let to = row[1].string,
        FileManager.default.contents(atPath: from) == FileManager.default.contents(atPath: to)
      else { continue }
      if row[2].int64 == 1 {
        selfLoops += 1
      } else {
        let before = try RGBAImage(contentsOfPNG: row[3].string ?? "")
        let after = try RGBAImage(contentsOfPNG: row[4].string ?? "")
        #expect(pixelDifferenceRatio(before, after) >= 0.3, "\(from) → \(to)")
        changedScreens += 1
      }
    }
    #expect(selfLoops >= 4)
    #expect(changedScreens <= 2)
  }

  @Test("tap(k) resolves to the element AppAgent labelled k")
  func labels() throws {
    let folder = tasks.appendingPathComponent("task_system_2024-05-20_20-18-50").path
    let steps = try AppAgentReader.steps(in: folder)
    let action = try #require(steps[1].action)
    #expect(action.type == "click")
    #expect(action.bounds != nil && action.point != nil)
  }
}

@Suite("m3m trace folders (steps.jsonl)")
struct TraceFolderTests {
  @Test("screens, branches after a restart, actions, and a broken line kept as a reject")
  func traceFolder() throws {
    let episode = try writeEpisode([["Home", "A", "B"], ["List", "1", "2", "3"], ["Item", "x"]])
    let folder = try Fixtures.temporaryDirectory("trace")
    for number in 0..<3 {
      for (from, to) in [
        ("ui_trees/step_\(number)_ui.xml", "\(number).xml"),
        ("screenshots/step_\(number).png", "\(number).png"),
      ] {
        try FileManager.default.copyItem(
          atPath: episode + "/" + from, toPath: folder.path + "/" + to)
      }
    }
    let lines = [
      #"{"id": "home", "app": "com.example", "xml": "0.xml", "screenshot": "0.png"}"#,
      #"{"id": "list", "xml": "1.xml", "screenshot": "1.png", "action": {"type": "click", "x": 10, "y": 50}}"#,
      #"{"id": "item", "xml": "2.xml", "screenshot": "2.png", "action": {"type": "click", "x": 10, "y": 90}}"#,
      #"{"id": "home-again", "from": null, "xml": "0.xml", "screenshot": "0.png"}"#,
      #"{"id": "list-again", "from": "home-again", "xml": "1.xml", "action": {"type": "scroll", "direction": "up"}}"#,
      "{not json",
    ]
    try lines.joined(separator: "\n").write(
      to: folder.appendingPathComponent("steps.jsonl"), atomically: true, encoding: .utf8)
    #expect(try TraceFormat.detect(folder.path) == .trace)
    let steps = try TraceFolderReader.steps(in: folder.path)
    #expect(steps.map(\.parentRecord) == [nil, "home", "list", nil, "home-again", nil])
    let db = try Database(path: ":memory:")
    let summary = try GraphIngester(database: db).ingest(
      steps, source: folder.path, format: "trace")
    #expect(summary.visits == 5 && summary.newPages == 3 && summary.rejected == 1)
    #expect(try db.scalar("SELECT count(*) FROM edge") == 3)
    #expect(
      try db.scalar("SELECT count(*) FROM action WHERE type = 'scroll' AND direction = 'up'") == 1)
    #expect(try db.fetchOne("SELECT reason FROM reject")?.first?.string?.contains("line 6") == true)
  }
}

@Suite(
  "DroidBot output (../shared/realdata)",
  .enabled(if: Fixtures.hasRealData, "\(Fixtures.realDataMissing)"))
struct DroidBotConformanceTests {
  @Test("the Yelp run gives its 16 states as 16 unique pages, and its events as transitions")
  func yelp() throws {
    let folder = Fixtures.realData.appendingPathComponent(
      "honeynet__droidbot/report_com.yelp.android"
    ).path
    #expect(try TraceFormat.detect(folder) == .droidbot)
    let steps = try DroidBotReader.steps(in: folder)
    let db = try Database(path: ":memory:")
    let summary = try GraphIngester(database: db).ingest(steps, source: folder, format: "droidbot")
    #expect(summary.rejected == 0)
    #expect(try db.scalar("SELECT count(*) FROM page") == 16)
    #expect(try db.scalar("SELECT count(*) FROM app WHERE name = 'com.yelp.android'") == 1)
    // Every saved state is visited; every event whose stop state was saved is a visit.
    let events = steps.filter { $0.record.hasPrefix("event_") }
    #expect(events.count >= 30)
    #expect(
      try db.scalar("SELECT count(*) FROM visit WHERE record LIKE 'event_%'") == Int64(events.count)
    )
    #expect(
      try db.scalar("SELECT count(*) FROM visit_edge")
        == Int64(events.filter { $0.parentRecord != nil }.count))
    #expect(try db.scalar("SELECT count(*) FROM visit_edge WHERE element_id IS NOT NULL") ?? 0 > 0)
  }
}

@Suite("DroidBot reader on a generated run")
struct DroidBotGeneratedTests {
  @Test("states become pages, events become transitions with their touched view")
  func generated() throws {
    let folder = try Fixtures.temporaryDirectory("droidbot")
    let fm = FileManager.default
    try fm.createDirectory(
      at: folder.appendingPathComponent("states"), withIntermediateDirectories: true)
    try fm.createDirectory(
      at: folder.appendingPathComponent("events"), withIntermediateDirectories: true)
    func state(_ tag: String, _ key: String, _ texts: [String]) throws {
      var views: [String] = [
        #"{"temp_id": 0, "parent": -1, "children": \#(Array(1...texts.count)), "class": "android.widget.FrameLayout", "package": "com.example", "bounds": [[0, 0], [100, 400]]}"#
      ]
      for (offset, text) in texts.enumerated() {
        let top = offset * 50
        views.append(
          #"{"temp_id": \#(offset + 1), "parent": 0, "children": [], "class": "android.widget.Button", "package": "com.example", "text": "\#(text)", "clickable": true, "bounds": [[0, \#(top)], [100, \#(top + 40)]]}"#
        )
      }
      try
        #"{"state_str": "\#(key)", "tag": "\#(tag)", "views": [\#(views.joined(separator: ","))]}"#
        .write(
          to: folder.appendingPathComponent("states/state_\(tag).json"), atomically: true,
          encoding: .utf8)
    }
    try state("t1", "A", ["Open", "Menu", "Help"])
    try state("t2", "B", ["Back", "Item 1", "Item 2", "Item 3"])
    func event(_ tag: String, from: String, to: String, top: Int) throws {
      try
        #"{"start_state": "\#(from)", "stop_state": "\#(to)", "tag": "\#(tag)", "event": {"event_type": "touch", "view": {"bounds": [[0, \#(top)], [100, \#(top + 40)]]}}}"#
        .write(
          to: folder.appendingPathComponent("events/event_\(tag).json"), atomically: true,
          encoding: .utf8)
    }
    try event("e1", from: "A", to: "B", top: 0)
    try event("e2", from: "B", to: "A", top: 0)
    try event("e3", from: "A", to: "A", top: 100)
    try "not json".write(
      to: folder.appendingPathComponent("events/event_e4.json"), atomically: true, encoding: .utf8)
    #expect(try TraceFormat.detect(folder.path) == .droidbot)
    let db = try Database(path: ":memory:")
    let summary = try GraphIngester(database: db).ingest(
      DroidBotReader.steps(in: folder.path), source: folder.path, format: "droidbot")
    #expect(summary.newPages == 2 && summary.rejected == 1 && summary.selfLoops == 1)
    #expect(try db.scalar("SELECT count(*) FROM app WHERE name = 'com.example'") == 1)
    let touched = try db.fetchAll(
      "SELECT e.text FROM visit_edge v JOIN element e ON e.id = v.element_id ORDER BY v.id")
    #expect(touched.map { $0[0].string } == ["Open", "Back", "Help"])
  }
}
