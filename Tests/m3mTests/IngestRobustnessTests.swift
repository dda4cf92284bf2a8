import Foundation
import GraphStore
import Screenshots
import TestSupport
import Testing

/// Ingest keeps what it can read and says what it could not: undecodable screenshots, folders
/// of bare dumps, unreadable sources among good ones, a `steps.jsonl` that is a folder.
@Suite("m3m ingest with damaged and unusual sources")
struct IngestRobustnessTests {
  static func dump(_ text: String, app: String = "com.example") -> String {
    """
    <hierarchy rotation="0"><node class="android.widget.FrameLayout" package="\(app)" \
    bounds="[0,0][100,200]"><node index="0" text="\(text)" class="android.widget.TextView" \
    package="\(app)" clickable="true" bounds="[0,0][100,40]"/></node></hierarchy>
    """
  }

  static func png(_ text: String) throws -> [UInt8] {
    var image = RGBAImage(width: 100, height: 200, fill: .white)
    image.draw(text, at: .init(x: 2, y: 10), scale: 1)
    return try image.pngData()
  }

  /// `bytes` with the data of its first IDAT chunk replaced by bytes that do not inflate, the
  /// chunk's CRC made right again: sound structure, undecodable pixels.
  static func undecodable(_ bytes: [UInt8]) -> [UInt8] {
    var bytes = bytes
    var offset = 8
    while offset + 8 <= bytes.count {
      let length = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
      if bytes[(offset + 4)..<(offset + 8)].elementsEqual("IDAT".utf8) {
        for index in (offset + 8)..<(offset + 8 + length) { bytes[index] = 0xFF }
        let crc = crc32(bytes[(offset + 4)..<(offset + 8 + length)])
        for shift in 0..<4 {
          bytes[offset + 8 + length + shift] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * shift))
        }
        break
      }
      offset += length + 12
    }
    return bytes
  }

  static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
    }
    return crc ^ 0xFFFF_FFFF
  }

  static func write(_ text: String, _ url: URL) throws {
    try text.write(to: url, atomically: true, encoding: .utf8)
  }

  static func rejects(_ db: String) throws -> [(file: String, reason: String)] {
    try Database(path: db, mode: .readOnly).fetchAll(
      "SELECT file, reason FROM reject ORDER BY id"
    ).map { ($0[0].string ?? "", $0[1].string ?? "") }
  }

  @Test("undecodable screenshots: the visits are kept, each screenshot rejected, exit 3")
  func undecodableScreenshots() throws {
    let folder = try Fixtures.temporaryDirectory("badpng").appendingPathComponent("trace")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let home = try Self.png("Home")
    try Self.write(Self.dump("Home"), folder.appendingPathComponent("home.xml"))
    try Self.write(Self.dump("Settings"), folder.appendingPathComponent("settings.xml"))
    try Self.write(Self.dump("About"), folder.appendingPathComponent("about.xml"))
    try Data(home).write(to: folder.appendingPathComponent("home.png"))
    try Self.write("not an image", folder.appendingPathComponent("text.png"))
    try Data(home.prefix(home.count / 2)).write(to: folder.appendingPathComponent("cut.png"))
    try Data(Self.undecodable(home)).write(to: folder.appendingPathComponent("inflate.png"))
    // Screen 3 shows home again: the pixel test would compare its (undecodable) screenshot.
    let steps = [
      ("home", "home.png"), ("settings", "text.png"), ("about", "cut.png"),
      ("home", "inflate.png"),
    ].enumerated().map { index, step in
      "{\"id\": \"\(index)\", \"xml\": \"\(step.0).xml\", \"screenshot\": \"\(step.1)\", "
        + "\"action\": {\"type\": \"click\", \"x\": 5, \"y\": 5}}"
    }
    try Self.write(steps.joined(separator: "\n"), folder.appendingPathComponent("steps.jsonl"))
    let db = folder.deletingLastPathComponent().appendingPathComponent("g.sqlite").path
    let result = try ProcessResult.run("m3m", ["ingest", folder.path, "--db", db])
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stdout.contains("4 steps: 4 visits recorded, 3 new unique pages"))
    let rejects = try Self.rejects(db)
    #expect(
      rejects.map { URL(fileURLWithPath: $0.file).lastPathComponent }
        == ["text.png", "cut.png", "inflate.png"])
    #expect(rejects[0].reason.hasSuffix("text.png: not a PNG or JPEG file (bad signature)"))
    #expect(rejects[1].reason.contains("cut.png: truncated PNG"))
    #expect(rejects[2].reason.contains("inflate.png: corrupt PNG"), "\(rejects[2].reason)")
    // The three visits are recorded without a screenshot, and took no pixel test.
    let visits = try Database(path: db, mode: .readOnly).fetchAll(
      "SELECT record, screenshot_path IS NULL, pixel_difference IS NULL, matched_by FROM visit "
        + "ORDER BY id")
    #expect(visits.map { $0[1].int64 } == [0, 1, 1, 1])
    #expect(visits[3][2].int64 == 1 && visits[3][3].string != "new")
  }

  @Test("a folder of bare dumps ingests as unconnected screens, beside other sources")
  func bareDumps() throws {
    let root = try Fixtures.temporaryDirectory("dumps")
    let dumps = root.appendingPathComponent("dumps")
    try FileManager.default.createDirectory(at: dumps, withIntermediateDirectories: true)
    try Self.write(Self.dump("Home"), dumps.appendingPathComponent("2.xml"))
    try Self.write(Self.dump("Settings"), dumps.appendingPathComponent("10.xml"))
    try Self.write(Self.dump("Mail", app: "com.mail"), dumps.appendingPathComponent("mail.xml"))
    try Data(try Self.png("Home")).write(to: dumps.appendingPathComponent("2.png"))
    let trace = try GraphDatabaseCommandTests.trace(app: "com.other", screens: 2, in: root)
    let db = root.appendingPathComponent("g.sqlite").path
    let result = try ProcessResult.run("m3m", ["ingest", dumps.path, trace.path, "--db", db])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("ingesting \(dumps.path) (dumps)"))
    let graph = try Database(path: db, mode: .readOnly)
    let rows = try graph.fetchAll(
      """
      SELECT v.record, a.name, v.parent_visit_id IS NULL, v.screenshot_path IS NOT NULL
      FROM visit v JOIN app a ON a.id = v.app_id JOIN source s ON s.id = v.source_id
      WHERE s.format = 'dumps' ORDER BY v.id
      """)
    #expect(rows.map { $0[0].string } == ["2.xml", "10.xml", "mail.xml"])
    #expect(rows.map { $0[1].string } == ["com.example", "com.example", "com.mail"])
    #expect(rows.allSatisfy { $0[2].int64 == 1 })
    #expect(rows.map { $0[3].int64 } == [1, 0, 0])
    #expect(try graph.scalar("SELECT count(*) FROM visit") == 5)
  }

  @Test("a folder of trace folders (AppAgent's tasks/) ingests each one it recognises")
  func folderOfTraces() throws {
    let root = try Fixtures.temporaryDirectory("traces")
    let one = try GraphDatabaseCommandTests.trace(app: "com.one", screens: 2, in: root)
    let two = try GraphDatabaseCommandTests.trace(app: "com.two", screens: 3, in: root)
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("notes"), withIntermediateDirectories: true)
    let db = try Fixtures.temporaryDirectory("traces-db").appendingPathComponent("g.sqlite").path
    let result = try ProcessResult.run("m3m", ["ingest", root.path, "--db", db])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("ingesting \(one.path)"), "\(result.stderr)")
    #expect(result.stderr.contains("ingesting \(two.path)"), "\(result.stderr)")
    #expect(result.stdout.contains("5 visits recorded"), "\(result.stdout)")
  }

  @Test("one unreadable source among many is rejected by name and the rest go on (exit 3)")
  func unreadableAmongMany() throws {
    let root = try Fixtures.temporaryDirectory("many")
    let good1 = try GraphDatabaseCommandTests.trace(app: "com.one", screens: 2, in: root)
    let good2 = try GraphDatabaseCommandTests.trace(app: "com.two", screens: 3, in: root)
    let unknown = root.appendingPathComponent("notes")
    try FileManager.default.createDirectory(at: unknown, withIntermediateDirectories: true)
    try Self.write("hello", unknown.appendingPathComponent("README.txt"))
    let missing = root.appendingPathComponent("missing").path
    let db = root.appendingPathComponent("g.sqlite").path
    let arguments = ["ingest", good1.path, unknown.path, missing, good2.path, "--db", db]
    let result = try ProcessResult.run("m3m", arguments)
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("\(unknown.path): unknown trace layout"))
    #expect(result.stderr.contains("\(missing): no such file or folder; skipped"))
    #expect(result.stdout.contains("5 visits recorded") && result.stdout.contains("2 rejected"))
    let rejects = try Self.rejects(db)
    #expect(rejects.map(\.file) == [unknown.path, missing])
    #expect(rejects[1].reason == "no such file or folder")
    // Run again: nothing new, the rejects not doubled.
    let again = try ProcessResult.run("m3m", arguments)
    #expect(again.status == 3)
    #expect(try Self.rejects(db).count == 2)
  }

  @Test("a steps.jsonl that is a folder is an error alone, a reject among others")
  func stepsFileIsAFolder() throws {
    let root = try Fixtures.temporaryDirectory("stepsfolder")
    let odd = root.appendingPathComponent("odd")
    try FileManager.default.createDirectory(
      at: odd.appendingPathComponent("steps.jsonl"), withIntermediateDirectories: true)
    let db = root.appendingPathComponent("g.sqlite").path
    let alone = try ProcessResult.run("m3m", ["ingest", odd.path, "--db", db])
    #expect(alone.status == 1)
    #expect(alone.stderr.contains("\(odd.path)/steps.jsonl: is a folder, not a file"))
    #expect(!FileManager.default.fileExists(atPath: db))
    let good = try GraphDatabaseCommandTests.trace(app: "com.one", screens: 2, in: root)
    let mixed = try ProcessResult.run("m3m", ["ingest", odd.path, good.path, "--db", db])
    #expect(mixed.status == 3, "\(mixed.stderr)")
    #expect(
      try Self.rejects(db).map(\.reason) == ["\(odd.path)/steps.jsonl: is a folder, not a file"])
  }
}
