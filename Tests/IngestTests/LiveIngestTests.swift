import Foundation
import GraphStore
import Ingest
import TestSupport
import Testing
import UIHierarchy

@Suite("Live ingest sessions")
struct LiveIngestTests {
  /// A dump of one screen whose rows show `texts`.
  static func dump(_ texts: [String]) -> String {
    var nodes = ""
    for (row, text) in texts.enumerated() {
      nodes +=
        "<node index=\"\(row)\" text=\"\(text)\" class=\"android.widget.TextView\" "
        + "package=\"com.example\" clickable=\"true\" bounds=\"[0,\(row * 40)][200,\(row * 40 + 40)]\"/>"
    }
    return "<hierarchy rotation=\"0\"><node index=\"0\" class=\"android.widget.FrameLayout\" "
      + "package=\"com.example\" bounds=\"[0,0][200,400]\">\(nodes)</node></hierarchy>"
  }

  static let home = dump(["Home", "Feed", "Search", "Profile"])
  static let settings = dump(["Settings", "Wi-Fi", "Bluetooth", "Display", "Sound"])

  func folder() throws -> URL { try Fixtures.temporaryDirectory("live") }

  @Test("a step folds by the ingest rule; a retry answers the same and adds nothing; a restart too")
  func retries() throws {
    let folder = try folder()
    let path = folder.appendingPathComponent("g.sqlite").path
    let captures = CaptureFolder(path: folder.appendingPathComponent("captures").path)
    let live = try LiveIngest(database: Database(path: path), captures: captures)
    let session = try live.createSession(app: nil, name: "phone")
    let first = try live.add(PushedStep(id: "a", xml: Self.home), to: session.id)
    #expect(first.newPage && first.app == "com.example" && first.name == "a")
    let tap = TraceAction(type: "click", point: nil, bounds: nil)
    let second = try live.add(
      PushedStep(id: "b", xml: Self.settings, from: "a", action: tap), to: session.id)
    #expect(second.newPage && second.page != first.page)
    let back = try live.add(PushedStep(id: "c", xml: Self.home, from: "b"), to: session.id)
    #expect(!back.newPage && back.page == first.page)
    let before = try GraphContent(path)
    // The same step id again, even with another screen: the first answer, nothing added.
    #expect(try live.add(PushedStep(id: "b", xml: Self.home), to: session.id) == second)
    #expect(try GraphContent(path) == before)
    // Another writer on the same file (the server restarted) knows the session and its steps.
    let restarted = try LiveIngest(database: Database(path: path), captures: captures)
    #expect(try restarted.add(PushedStep(id: "a", xml: Self.home), to: session.id) == first)
    #expect(try GraphContent(path) == before)
    #expect(throws: LiveIngestError.unknownSession("nope")) {
      try restarted.add(PushedStep(id: "a", xml: Self.home), to: "nope")
    }
    #expect(throws: LiveIngestError.unknownParent(session: session.id, step: "d", from: "zz")) {
      try restarted.add(PushedStep(id: "d", xml: Self.home, from: "zz"), to: session.id)
    }
    // The dump is stored once, named by its hash; the page points there.
    let stored = try FileManager.default.contentsOfDirectory(atPath: captures.path)
    #expect(stored.count == 2, "\(stored)")
    let xmlPath = try Database(path: path).fetchOne(
      "SELECT xml_path FROM page WHERE id = ?", [.integer(first.page)])?.first?.string
    #expect(xmlPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } == Self.home)
  }

  @Test("a step whose transaction fails leaves no page behind in memory either")
  func rolledBackStep() throws {
    let folder = try folder()
    let db = try Database(path: folder.appendingPathComponent("g.sqlite").path)
    let ingester = try GraphIngester(database: db)
    let session = try ingester.session(source: "s", format: "session")
    func step(_ record: String, _ xml: String) throws -> TraceStep {
      let file = folder.appendingPathComponent(record + ".xml")
      try xml.write(to: file, atomically: true, encoding: .utf8)
      return TraceStep(record: record, app: "app", xmlPath: file.path)
    }
    struct Refused: Error {}
    #expect(throws: Refused.self) {
      try session.add(step("home", Self.home)) { _ in throw Refused() }
    }
    // The next new page takes the row id the rolled-back one had.
    let settings = try #require(try session.add(step("settings", Self.settings)))
    #expect(settings.isNewPage)
    // The home screen is a page of its own, not the settings page under the rolled-back id.
    let home = try #require(try session.add(step("home", Self.home)))
    #expect(home.isNewPage && home.page != settings.page)
  }

  @Test("captures: the same bytes one file; another file at the hash's name is kept")
  func captureNames() throws {
    let captures = CaptureFolder(path: try folder().appendingPathComponent("c/d").path)
    let bytes = Data("screen".utf8)
    let first = try captures.store(bytes, suffix: "png")
    #expect(try captures.store(bytes, suffix: "png") == first)
    let hash = String(FNV1a.hash(Data("other".utf8)), radix: 16)
    let name = String(repeating: "0", count: 16 - hash.count) + hash
    #expect(URL(fileURLWithPath: first).lastPathComponent.count == 20)
    // A different file already where "other" would go: it stays, "other" goes beside it.
    try Data("squatter".utf8).write(to: URL(fileURLWithPath: "\(captures.path)/\(name).png"))
    let other = try captures.store(Data("other".utf8), suffix: "png")
    #expect(other == "\(captures.path)/\(name)-1.png")
    #expect(
      FileManager.default.contents(atPath: "\(captures.path)/\(name).png") == Data("squatter".utf8))
    #expect(FileManager.default.contents(atPath: other) == Data("other".utf8))
  }
}
