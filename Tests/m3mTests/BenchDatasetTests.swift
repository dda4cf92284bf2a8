import Foundation
import Screenshots
import TestSupport
import Testing

@Suite("bench-ingest datasets: every capture distinct, the same pages")
struct BenchDatasetTests {
  /// A recorded trace like AppAgent's: `task_N.xml` + `task_N.png`, two screens.
  func recordedTrace() throws -> URL {
    let root = try Fixtures.temporaryDirectory("realdata")
    let folder = root.appendingPathComponent("tasks/task_one")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (step, texts) in [["Home", "Feed", "Search"], ["Settings", "Wi-Fi", "Display"]].enumerated()
    {
      var nodes = ""
      var image = RGBAImage(width: 90, height: 160, fill: .white)
      for (row, text) in texts.enumerated() {
        nodes +=
          "<node index=\"\(row)\" text=\"\(text)\" class=\"android.widget.TextView\" "
          + "package=\"com.example\" checked=\"false\" clickable=\"true\" focused=\"false\" "
          + "selected=\"false\" bounds=\"[0,\(row * 40)][90,\(row * 40 + 40)]\" />"
        image.draw(text, at: .init(x: 2, y: row * 40 + 10), scale: 1)
      }
      try
        ("<hierarchy rotation=\"0\"><node class=\"android.widget.FrameLayout\" "
        + "package=\"com.example\" focused=\"false\" bounds=\"[0,0][90,160]\">\(nodes)</node>"
        + "</hierarchy>")
        .write(
          to: folder.appendingPathComponent("task_one_\(step + 1).xml"), atomically: true,
          encoding: .utf8)
      try Data(image.pngData()).write(to: folder.appendingPathComponent("task_one_\(step + 1).png"))
    }
    return root
  }

  func contents(under folder: URL, suffix: String) -> [Data] {
    Fixtures.files(under: folder, suffixes: [suffix]).compactMap {
      FileManager.default.contents(atPath: $0.path)
    }
  }

  @Test("copies of real captures are byte-distinct yet ingest as the recorded pages")
  func realDataCopies() throws {
    let realData = try recordedTrace()
    let work = try Fixtures.temporaryDirectory("bench").appendingPathComponent("real")
    let generated = try ProcessResult.run(
      "m3m-bench",
      [
        "realdata-dataset", realData.path, "--work", work.path, "--copies", "4", "--pixel-copies",
        "3",
      ]
    )
    #expect(generated.status == 0, "\(generated.stderr)")
    #expect(generated.stdout.contains("long-pixel 6 1"))
    #expect(generated.stdout.contains("small-xml 8 4"))
    let captures = work.appendingPathComponent("captures")
    let xml = contents(under: captures, suffix: ".xml")
    let png = contents(under: captures, suffix: ".png")
    #expect(xml.count == 8 && Set(xml).count == 8)
    #expect(png.count == 6 && Set(png).count == 6)

    for (layout, sources) in [
      ("long-pixel", [work.appendingPathComponent("long-pixel").path]),
      (
        "small-xml",
        Fixtures.files(under: work.appendingPathComponent("small-xml"), suffixes: [".jsonl"]).map {
          $0.deletingLastPathComponent().path
        }
      ),
    ] {
      let db = work.appendingPathComponent("\(layout).sqlite").path
      let ingest = try ProcessResult.run("m3m", ["ingest"] + sources + ["--db", db, "--json"])
      #expect(ingest.status == 0, "\(layout): \(ingest.stderr)")
      // Every copy revisits the two recorded screens: two unique pages, one visit per capture.
      let summary =
        try JSONSerialization.jsonObject(with: Data(ingest.stdout.utf8)) as? [String: Any]
      #expect(summary?["newPages"] as? Int == 2, "\(layout): \(ingest.stdout)")
      #expect(summary?["visits"] as? Int == (layout == "long-pixel" ? 6 : 8))
    }
  }

  @Test("a dump too small to hold a distinct mark is refused, naming the file")
  func dumpTooSmall() throws {
    let root = try Fixtures.temporaryDirectory("realdata")
    let dump = root.appendingPathComponent("tiny_1.xml")
    try
      "<hierarchy><node text=\"Hi\" class=\"android.widget.TextView\" focused=\"false\" bounds=\"[0,0][9,9]\" /></hierarchy>"
      .write(to: dump, atomically: true, encoding: .utf8)
    try Data(RGBAImage(width: 9, height: 9).pngData()).write(
      to: root.appendingPathComponent("tiny_1.png"))
    let work = try Fixtures.temporaryDirectory("bench").appendingPathComponent("real")
    let result = try ProcessResult.run(
      "m3m-bench", ["realdata-dataset", root.path, "--work", work.path, "--copies", "3"])
    #expect(result.status == 1)
    #expect(
      result.stderr.contains("tiny_1.xml") && result.stderr.contains("needed"), "\(result.stderr)")
  }

  @Test("every m3m-bench mode answers bad input with one line on stderr and exit 1, never a trap")
  func badInputIsAnError() throws {
    let folder = try Fixtures.temporaryDirectory("bench-errors")
    let missing = folder.appendingPathComponent("missing.json").path
    let notAGraph = folder.appendingPathComponent("not-a-graph.sqlite")
    try "not a database".write(to: notAGraph, atomically: true, encoding: .utf8)
    let noFolder = folder.appendingPathComponent("no-such-folder/graph.sqlite").path
    let work = { (name: String) in folder.appendingPathComponent(name).path }
    let cases: [(arguments: [String], names: String)] = [
      (["parse", folder.path], folder.path),
      (["ingest", missing, "--pages", "10", "--work", work("ingest")], "missing.json"),
      (
        ["corpus", missing, "--pages", "10", "--rounds", "1", "--work", work("corpus")],
        "missing.json"
      ),
      (["crawl", missing, "--rounds", "1", "--work", work("crawl")], "missing.json"),
      (
        ["agent", "--db", noFolder, "--pages", "10", "--apps", "1", "--queries", "1"],
        "graph.sqlite"
      ),
      (["query", "--db", notAGraph.path, "--pages", "10", "--apps", "1"], "not-a-graph.sqlite"),
      (["ocr", "--lang", "en-US", folder.path], "--lang"),
    ]
    for (arguments, names) in cases {
      let result = try ProcessResult.run("m3m-bench", arguments)
      let lines = result.stderr.split(separator: "\n")
      #expect(result.status == 1, "\(arguments[0]): \(result.stderr)")
      #expect(lines.count == 1 && result.stderr.hasPrefix("m3m-bench: "), "\(result.stderr)")
      #expect(result.stderr.contains(names), "\(arguments[0]): \(result.stderr)")
      #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Domain="))
    }
    // The file that is not a graph is left as it was.
    #expect(try String(contentsOf: notAGraph, encoding: .utf8) == "not a database")
    // A user's graph of another size is refused, not deleted and generated over.
    let userGraph = folder.appendingPathComponent("user.sqlite")
    try FileManager.default.copyItem(
      at: URL(fileURLWithPath: try Fixtures.sampleGraph.get()), to: userGraph)
    let before = try Data(contentsOf: userGraph)
    for mode in ["query", "agent"] {
      let result = try ProcessResult.run(
        "m3m-bench", [mode, "--db", userGraph.path, "--pages", "10", "--apps", "1"])
      #expect(result.status == 1, "\(mode): \(result.stderr)")
      #expect(result.stderr.contains("did not generate"), "\(result.stderr)")
    }
    #expect(try Data(contentsOf: userGraph) == before)
    // A missing option value or a zero count is a usage error (exit 2), not a trap.
    for arguments in [["corpus", missing, "--pages"], ["query", "--db", noFolder, "--apps", "0"]] {
      let result = try ProcessResult.run("m3m-bench", arguments)
      #expect(result.status == 2, "\(arguments): \(result.stderr)")
      #expect(!result.stderr.contains("Fatal error"))
    }
  }

  @Test("--help after a mode prints the usage and succeeds, instead of reading a file named --help")
  func helpAfterMode() throws {
    for arguments in [["decode", "--help"], ["parse", "-h"], ["--help"]] {
      let result = try ProcessResult.run("m3m-bench", arguments)
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
      #expect(result.stdout.hasPrefix("usage: m3m-bench parse"), "\(arguments)")
      #expect(result.stdout.contains("| decode [--rounds N] PNG..."), "\(arguments)")
    }
    // No mode at all is still a usage error.
    let none = try ProcessResult.run("m3m-bench", [])
    #expect(none.status == 2)
    #expect(none.stdout.hasPrefix("usage: m3m-bench"))
  }
}
