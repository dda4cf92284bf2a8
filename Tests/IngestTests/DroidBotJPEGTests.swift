import Foundation
import Geometry
import GraphStore
import Ingest
import TestSupport
import Testing

@testable import Screenshots

@Suite("DroidBot runs: JPEG screenshots take the pixel test")
struct DroidBotJPEGTests {
  /// A DroidBot output folder (`states/state_<tag>.json` + `states/screen_<tag>.png` holding
  /// JPEG bytes, `events/event_<tag>.json`) whose states share one view tree and differ only in
  /// their screenshots: the pixel test alone tells them apart.
  func run(_ screens: [(tag: String, key: String, image: RGBAImage)]) throws -> String {
    let folder = try Fixtures.temporaryDirectory("droidbot-jpeg")
    let fm = FileManager.default
    for sub in ["states", "events"] {
      try fm.createDirectory(
        at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
    }
    let views = [
      #"{"temp_id": 0, "parent": -1, "children": [1, 2], "class": "android.widget.FrameLayout", "package": "com.example", "bounds": [[0, 0], [96, 160]]}"#,
      #"{"temp_id": 1, "parent": 0, "children": [], "class": "android.widget.Button", "package": "com.example", "text": "Play", "clickable": true, "bounds": [[0, 0], [96, 48]]}"#,
      #"{"temp_id": 2, "parent": 0, "children": [], "class": "android.widget.Button", "package": "com.example", "text": "Stop", "clickable": true, "bounds": [[0, 48], [96, 96]]}"#,
    ].joined(separator: ",")
    for screen in screens {
      try #"{"state_str": "\#(screen.key)", "tag": "\#(screen.tag)", "views": [\#(views)]}"#
        .write(
          to: folder.appendingPathComponent("states/state_\(screen.tag).json"), atomically: true,
          encoding: .utf8)
      try Data(screen.image.jpegData(quality: 92)).write(
        to: folder.appendingPathComponent("states/screen_\(screen.tag).png"))
    }
    for (index, pair) in zip(screens, screens.dropFirst()).enumerated() {
      try
        #"{"start_state": "\#(pair.0.key)", "stop_state": "\#(pair.1.key)", "tag": "e\#(index)", "event": {"event_type": "touch", "view": {"bounds": [[0, 0], [96, 48]]}}}"#
        .write(
          to: folder.appendingPathComponent("events/event_e\(index).json"), atomically: true,
          encoding: .utf8)
    }
    return folder.path
  }

  @Test("a revisit with a small change matches with its pixel difference; a repainted one does not")
  func pixelDifferences() throws {
    let base = RGBAImage(width: 96, height: 160, fill: .white)
    var badge = base
    badge.fill(Bounds(left: 80, top: 144, right: 96, bottom: 160), with: .red)  // 1.7% of pixels
    let repainted = RGBAImage(width: 96, height: 160, fill: .black)
    let folder = try run([("t1", "A", base), ("t2", "B", badge), ("t3", "C", repainted)])
    let db = try Database(path: ":memory:")
    let summary = try GraphIngester(database: db).ingest(
      DroidBotReader.steps(in: folder), source: folder, format: "droidbot")
    #expect(summary.rejected == 0)
    // Same view tree three times: the badge screen joins the first page, the repainted one is
    // refused by the pixel test and becomes a page of its own.
    #expect(try db.scalar("SELECT count(*) FROM page") == 2)
    let rows = try db.fetchAll(
      "SELECT record, page_id, pixel_difference FROM visit WHERE record LIKE 'event_%' ORDER BY id")
    #expect(rows.count == 2)
    let badgeDifference = try #require(rows.first?[2].double)
    #expect(badgeDifference > 0.01 && badgeDifference < 0.05, "\(badgeDifference)")
    let firstPage = try db.scalar("SELECT page_id FROM visit WHERE record = 'state_t1'")
    #expect(rows.first?[1].int64 == firstPage)
    #expect(rows.last?[1].int64 != firstPage)
  }

  @Test("a truncated JPEG screenshot is rejected naming the file; the good visits stay")
  func truncatedScreenshot() throws {
    let base = RGBAImage(width: 96, height: 160, fill: .white)
    let folder = try run([("t1", "A", base), ("t2", "B", base)])
    let cut = folder + "/states/screen_t2.png"
    let bytes = try Data(contentsOf: URL(fileURLWithPath: cut))
    // Cut inside the entropy-coded data: the headers read, the end-of-image marker is missing.
    try bytes.prefix(bytes.count - 10).write(to: URL(fileURLWithPath: cut))
    let db = try Database(path: ":memory:")
    let summary = try GraphIngester(database: db).ingest(
      DroidBotReader.steps(in: folder), source: folder, format: "droidbot")
    #expect(summary.visits >= 1)
    let reasons = try db.fetchAll("SELECT reason FROM reject").compactMap { $0[0].string }
    #expect(reasons.contains { $0.contains("screen_t2.png: truncated JPEG") }, "\(reasons)")
  }
}
