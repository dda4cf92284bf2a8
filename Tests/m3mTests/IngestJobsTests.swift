import Foundation
import Screenshots
import TestSupport
import Testing

/// `m3m ingest --jobs N` prepares steps on N threads ahead of one writer: the graph it writes
/// must be the one `--jobs 1` writes, row for row, rejects and exit status included.
@Suite("m3m ingest --jobs")
struct IngestJobsTests {
  /// A trace of 90 steps over five screens whose screenshots all differ (a dot moves), with bad
  /// inputs mixed in: dumps that do not parse or are missing, a line that is not JSON, a
  /// screenshot-only step (read by OCR), screenshots that are not PNG, truncated or do not
  /// inflate, a repeated record.
  func damagedTrace() throws -> URL {
    let folder = try Fixtures.temporaryDirectory("jobs").appendingPathComponent("trace")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let screens = [
      ["Home", "Feed", "Search"], ["Settings", "Wi-Fi", "Display"], ["About", "Version"],
      ["Search", "Results", "Filter"], ["Profile", "Name", "Photo"],
    ]
    for (number, texts) in screens.enumerated() {
      var nodes = ""
      for (row, text) in texts.enumerated() {
        nodes +=
          "<node index=\"\(row)\" text=\"\(text)\" class=\"android.widget.TextView\" "
          + "package=\"com.example\" clickable=\"true\" "
          + "bounds=\"[0,\(row * 40)][120,\(row * 40 + 40)]\" />"
      }
      try write(
        "<hierarchy rotation=\"0\"><node class=\"android.widget.FrameLayout\" "
          + "package=\"com.example\" bounds=\"[0,0][120,240]\">\(nodes)</node></hierarchy>",
        folder, "\(number).xml")
    }
    try write("ERROR: could not get idle state.", folder, "broken.xml")
    var lines: [String] = []
    for step in 0..<90 {
      // Screens come in pairs (the second a self-loop unless its pixels differ a lot).
      let screen = (step / 2 * 7 + step / 8) % screens.count
      var image = RGBAImage(width: 120, height: 240, fill: .white)
      for (row, text) in screens[screen].enumerated() {
        image.draw(text, at: .init(x: 2, y: row * 40 + 10), scale: 1)
      }
      // Every capture distinct; every fifth one differs a lot (a new page by pixels).
      image.fill(.init(left: step % 100, top: 200, right: step % 100 + 4, bottom: 204), with: .red)
      if step % 5 == 4 {
        image.fill(.init(left: 0, top: 120, right: 120, bottom: 240), with: .blue)
      }
      var png = try image.pngData()
      switch step {
      case 11: png = Array("not an image".utf8)
      case 23: png = Array(png.prefix(png.count / 2))
      case 37, 38: png = IngestRobustnessTests.undecodable(png)
      default: break
      }
      try Data(png).write(to: folder.appendingPathComponent("s\(step).png"))
      let xml: String? =
        switch step {
        case 17, 52: "broken.xml"
        case 29: "missing.xml"
        case 44: nil
        default: "\(screen).xml"
        }
      let id = step == 61 ? "60" : "\(step)"
      lines.append(
        "{\"id\": \"\(id)\"" + (xml.map { ", \"xml\": \"\($0)\"" } ?? "")
          + ", \"screenshot\": \"s\(step).png\", "
          + "\"action\": {\"type\": \"click\", \"x\": 5, \"y\": \(5 + 40 * (step % 3))}}")
      if step == 70 { lines.append("{not json") }
    }
    try write(lines.joined(separator: "\n"), folder, "steps.jsonl")
    return folder
  }

  /// Twelve small trace folders of six steps over three screens (so most visits revisit a
  /// page an earlier folder recorded), every capture distinct, one dump broken.
  func smallTraces() throws -> [URL] {
    let root = try Fixtures.temporaryDirectory("jobs-small")
    let screens = [["Home", "Feed"], ["Settings", "Wi-Fi", "Display"], ["About", "Version"]]
    return try (0..<12).map { number in
      let folder = root.appendingPathComponent("task\(number)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      var lines: [String] = []
      for step in 0..<6 {
        let screen = (number + step) % screens.count
        var nodes = ""
        for (row, text) in screens[screen].enumerated() {
          nodes +=
            "<node index=\"\(row)\" text=\"\(text)\" class=\"android.widget.TextView\" "
            + "package=\"com.example\" clickable=\"true\" "
            + "bounds=\"[0,\(row * 40)][120,\(row * 40 + 40)]\" />"
        }
        let xml =
          number == 7 && step == 3
          ? "<hierarchy><node"
          : "<hierarchy rotation=\"0\"><node class=\"android.widget.FrameLayout\" "
            + "package=\"com.example\" bounds=\"[0,0][120,240]\">\(nodes)</node></hierarchy>"
        try write(xml, folder, "\(step).xml")
        var image = RGBAImage(width: 120, height: 240, fill: .white)
        for (row, text) in screens[screen].enumerated() {
          image.draw(text, at: .init(x: 2, y: row * 40 + 10), scale: 1)
        }
        image.fill(
          .init(left: number * 6 + step, top: 200, right: number * 6 + step + 3, bottom: 203),
          with: .red)
        if (number * 6 + step) % 7 == 3 {
          image.fill(.init(left: 0, top: 120, right: 120, bottom: 240), with: .blue)
        }
        try Data(try image.pngData()).write(to: folder.appendingPathComponent("\(step).png"))
        lines.append(
          "{\"id\": \"\(step)\", \"xml\": \"\(step).xml\", \"screenshot\": \"\(step).png\", "
            + "\"action\": {\"type\": \"click\", \"x\": 5, \"y\": \(5 + 40 * (step % 2))}}")
      }
      try write(lines.joined(separator: "\n"), folder, "steps.jsonl")
      return folder
    }
  }

  func write(_ text: String, _ folder: URL, _ name: String) throws {
    try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
  }

  /// Ingests `sources` with `--jobs` 1 and 4 into fresh graphs; returns both runs and contents.
  func ingestBoth(_ sources: [String]) throws -> [(ProcessResult, GraphContent)] {
    let work = try Fixtures.temporaryDirectory("jobs-graphs")
    return try [1, 4].map { jobs in
      let db = work.appendingPathComponent("jobs\(jobs).sqlite").path
      let result = try ProcessResult.run(
        "m3m", ["ingest"] + sources + ["--db", db, "--jobs", "\(jobs)"])
      return (result, try GraphContent(db))
    }
  }

  @Test("the bundled Mobile3M sample: --jobs 4 writes the graph --jobs 1 writes")
  func mobile3MSample() throws {
    let sample = Fixtures.repositoryRoot.appendingPathComponent("Mobile3M").path
    let runs = try ingestBoth([sample])
    #expect(runs[0].0.status == 0, "\(runs[0].0.stderr)")
    #expect(runs[1].0.status == 0, "\(runs[1].0.stderr)")
    #expect(runs[0].0.stdout == runs[1].0.stdout)
    #expect(runs[0].1["visit"].count == 147, "\(runs[0].1)")
    #expect(runs[0].1["page"].count > 10, "\(runs[0].1)")
    #expect(runs[0].1["edge"].count > 100, "\(runs[0].1)")
    for table in runs[0].1.tables.keys.sorted() {
      #expect(runs[0].1[table] == runs[1].1[table], "table \(table) differs")
    }
  }

  @Test(
    "many small folders through one pipeline, an unreadable one among them: --jobs 4 and --jobs 1 and a run per folder agree"
  )
  func smallFolders() throws {
    let folders = try smallTraces().map(\.path)
    // A folder of no known layout between them: rejected by name, the others all recorded.
    let unknown = URL(fileURLWithPath: folders[0]).deletingLastPathComponent()
      .appendingPathComponent("notes")
    try FileManager.default.createDirectory(at: unknown, withIntermediateDirectories: true)
    try write("not a trace", unknown, "notes.txt")
    var sources = folders
    sources.insert(unknown.path, at: 5)
    let runs = try ingestBoth(sources)
    #expect(runs[0].0.status == 3, "\(runs[0].0.stderr)")
    #expect(runs[1].0.status == 3, "\(runs[1].0.stderr)")
    #expect(runs[0].0.stdout == runs[1].0.stdout)
    let separate = try Fixtures.temporaryDirectory("jobs-separate").appendingPathComponent(
      "g.sqlite"
    ).path
    for folder in folders {
      let result = try ProcessResult.run("m3m", ["ingest", folder, "--db", separate])
      #expect(result.status == (folder.hasSuffix("task7") ? 3 : 0), "\(result.stderr)")
    }
    let (one, four, each) = (runs[0].1, runs[1].1, try GraphContent(separate))
    #expect(one["source"].count == 12 && one["visit"].count == 71, "\(one)")
    #expect(one["reject"].count == 2 && one["page"].count > 3, "\(one)")
    #expect(runs[0].0.stderr.contains("notes"), "\(runs[0].0.stderr)")
    // The unreadable folder's reject comes after the sources read, naming it.
    #expect(one["reject"].last?.contains(unknown.path) == true, "\(one["reject"])")
    let visits = one["visit"].map { $0.components(separatedBy: " | ") }
    #expect(visits.filter { $0[9].hasPrefix("real(") }.count > 20)
    for table in one.tables.keys.sorted() {
      #expect(one[table] == four[table], "table \(table) differs with --jobs 4")
      let expected = table == "reject" ? Array(one[table].dropLast()) : one[table]
      #expect(expected == each[table], "table \(table) differs from a run per folder")
    }
  }

  @Test("a trace with bad inputs mixed in: same graph, same rejects in order, same exit status")
  func damagedInputs() throws {
    let trace = try damagedTrace()
    // An unreadable source beside it is rejected by name after the readable ones.
    let runs = try ingestBoth([trace.path, trace.deletingLastPathComponent().path + "/nowhere"])
    #expect(runs[0].0.status == 3, "\(runs[0].0.stderr)")
    #expect(runs[1].0.status == runs[0].0.status, "\(runs[1].0.stderr)")
    #expect(runs[0].0.stdout == runs[1].0.stdout)
    let (one, four) = (runs[0].1, runs[1].1)
    // What the trace holds: every kind of reject, pixel tests that passed and failed.
    let rejects = one["reject"].joined(separator: "\n")
    for expected in [
      "s11.png", "s23.png", "s37.png", "s38.png", "broken.xml", "missing.xml", "line 72",
      "nowhere",
    ] {
      #expect(rejects.contains(expected), "no reject for \(expected):\n\(rejects)")
    }
    #expect(one["reject"].count >= 9)
    // The screenshot-only step is a page read from pixels, the same with any number of jobs.
    #expect(!rejects.contains("screenshot only"), "\(rejects)")
    #expect(one["element"].contains { $0.contains("m3m.OCRScreen") }, "\(one["element"])")
    // Columns 7 and 9: matched_by and pixel_difference.
    let visits = one["visit"].map { $0.components(separatedBy: " | ") }
    #expect(visits.contains { $0[7] == "text(\"parent\")" })
    #expect(visits.filter { $0[9].hasPrefix("real(") }.count > 20)
    #expect(visits.contains { $0[7] == "text(\"new\")" && $0[9] == "null" })
    for table in one.tables.keys.sorted() {
      #expect(one[table] == four[table], "table \(table) differs")
    }
  }
}
