import Foundation
import TestSupport
import Testing

@testable import Screenshots

/// The reproducers of issue 14 as a user runs them: numbers too large for `Int`, a PNG that
/// decodes to gigabytes, a million nesting levels, a 131,000-character query. Each command exits
/// normally with an error that names the file and the limit, or with its answer; none traps.
@Suite("m3m on hostile input: no trap, bounded memory")
struct HostileInputCommandTests {
  static let hugeBox = "[99999999999999999999999,0][0,0]"

  /// The bundled sample copied with every texted element of shop0's dump given `hugeBox` as its
  /// bounds, ingested; the database path.
  static let hugeBoundsGraph: Result<String, any Error> = Result {
    let folder = try Fixtures.temporaryDirectory("huge-bounds")
    let copy = folder.appendingPathComponent("Mobile3M")
    try FileManager.default.copyItem(
      at: Fixtures.repositoryRoot.appendingPathComponent("Mobile3M"), to: copy)
    let dump = copy.appendingPathComponent("shop_graph_8002/shop0/shop0-xml.txt")
    let text = try String(contentsOf: dump, encoding: .utf8)
    let changed = text.replacingOccurrences(
      of: #"(text="[^"]+"[^>]*?bounds=")\[[0-9]+,[0-9]+\]\[[0-9]+,[0-9]+\]"#,
      with: "$1" + hugeBox, options: .regularExpression)
    guard changed != text else { throw CocoaError(.fileReadCorruptFile) }
    try changed.write(to: dump, atomically: true, encoding: .utf8)
    let db = folder.appendingPathComponent("g.sqlite").path
    let ingest = try ProcessResult.run("m3m", ["ingest", copy.path, "--db", db])
    guard ingest.status == 0 else { throw CocoaError(.fileReadCorruptFile) }
    return db
  }

  /// Peak resident memory of a command in MB, measured by GNU time; nil when it is not installed.
  func peakMegabytes(_ arguments: [String]) throws -> (ProcessResult, Int?) {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else {
      print("skipped the memory check: /usr/bin/time is not installed")
      return (try ProcessResult.run("m3m", arguments), nil)
    }
    let m3m = Fixtures.productsDirectory.appendingPathComponent("m3m").path
    let result = try ProcessResult.runTool("time", ["-f", "peak-kb %M", m3m] + arguments)
    let kilobytes = result.stderr.split(separator: "\n").last { $0.hasPrefix("peak-kb ") }
      .flatMap { Int($0.dropFirst(8)) }
    return (result, kilobytes.map { $0 / 1024 })
  }

  @Test("a bounds value beyond Int: inspect, agent act and corpus eval exit normally")
  func hugeBounds() throws {
    let folder = try Fixtures.temporaryDirectory("huge-xml")
    let xml = folder.appendingPathComponent("huge.xml").path
    try """
    <hierarchy rotation="0"><node index="0" text="Home" class="android.widget.TextView" \
    package="com.example" clickable="true" bounds="\(Self.hugeBox)" /></hierarchy>
    """.write(toFile: xml, atomically: true, encoding: .utf8)
    let inspect = try ProcessResult.run("m3m", ["inspect", xml])
    #expect(inspect.status == 0, "\(inspect.stderr)")
    #expect(inspect.stdout.contains("unreadable bounds (malformed or beyond ±100000000): 1 nodes"))
    let act = try ProcessResult.run("m3m", ["agent", "act", "--xml", xml, "--goal", "Home"])
    #expect(act.status == 0 || act.status == 1, "\(act.status): \(act.stderr)")
    #expect(!act.stderr.contains("Fatal error") && !act.stderr.contains("runtime failure"))

    let db = try Self.hugeBoundsGraph.get()
    let out = folder.appendingPathComponent("p.jsonl").path
    let eval = try ProcessResult.run(
      "m3m", ["corpus", "eval", "--db", db, "--model", "builtin", "--out", out])
    #expect(eval.status == 0, "\(eval.stderr)")
    let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
    #expect(lines.count > 300)
    #expect(lines.contains { $0.contains("coordinate out of range: 99999999999999999999999") })
  }

  @Test("an OpenAI model answering a box beyond Int: the sample is marked unreadable")
  func hugeBoxAnswer() throws {
    guard let server = StubChatServer() else { return }
    let out = try Fixtures.temporaryDirectory("huge-answer").appendingPathComponent("p.jsonl").path
    let eval = try ProcessResult.run(
      "m3m",
      [
        "corpus", "eval", "--model", "openai", "--base-url", server.baseURL.absoluteString,
        "--model-name", "stub-huge-box", "--task", "grounding", "--limit", "3", "--out", out,
        "--db", try QueryCommandTests.graph.get(),
      ])
    #expect(eval.status == 0, "\(eval.stderr)")
    let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 3)
    for line in lines {
      let record = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      #expect((record["unreadable"] as? String)?.hasPrefix("coordinate out of range") == true)
      #expect((record["scores"] as? [String: Double])?["mean_iou"] == 0)
      #expect(record["error"] == nil)
    }
  }

  /// A valid 20000×20000 PNG of 1-bit grey (a few hundred KB; 1.6 GB as RGBA).
  static let bomb: Result<[UInt8], any Error> = Result {
    try PNGEncoder.encode(
      [UInt8](repeating: 0, count: 20_000 * 20_000 / 8), width: 20_000, height: 20_000,
      channels: 1, bitDepth: 1, fast: true, source: "bomb")
  }

  @Test("a 20000×20000 PNG is refused before decoding, naming the file, its size and the limit")
  func pixelBomb() throws {
    let folder = try Fixtures.temporaryDirectory("bomb")
    let png = folder.appendingPathComponent("bomb.png")
    try Data(Self.bomb.get()).write(to: png)
    let xml = folder.appendingPathComponent("screen.xml")
    try """
    <hierarchy><node text="Home" class="android.widget.TextView" bounds="[0,0][100,40]"/>\
    </hierarchy>
    """.write(to: xml, atomically: true, encoding: .utf8)
    let out = folder.appendingPathComponent("a.png").path
    let (inspect, peak) = try peakMegabytes([
      "inspect", xml.path, "--screenshot", png.path, "--annotate", out,
    ])
    #expect(inspect.status == 1)
    #expect(inspect.stderr.contains("bomb.png: image too large: 20000x20000 is 400000000 pixels"))
    #expect(inspect.stderr.contains("limit of 40000000 (--max-image-pixels)"))
    #expect(!FileManager.default.fileExists(atPath: out))
    if let peak { #expect(peak < 300, "peak RSS \(peak) MB") }
    // The limit is an option.
    let small = folder.appendingPathComponent("small.png")
    try Data(RGBAImage(width: 100, height: 40).pngData()).write(to: small)
    let refused = try ProcessResult.run(
      "m3m", ["inspect", xml.path, "--screenshot", small.path, "--max-image-pixels", "3999"])
    #expect(refused.status == 1 && refused.stderr.contains("limit of 3999"))
    let allowed = try ProcessResult.run(
      "m3m", ["inspect", xml.path, "--screenshot", small.path, "--max-image-pixels", "4000"])
    #expect(allowed.status == 0, "\(allowed.stderr)")

    // Four of them in one trace, all pixel-tested against each other: memory stays bounded.
    let trace = folder.appendingPathComponent("trace")
    try FileManager.default.createDirectory(at: trace, withIntermediateDirectories: true)
    var steps: [String] = []
    for number in 0..<4 {
      var bytes = try Self.bomb.get()
      bytes.insert(contentsOf: Self.textChunk(number), at: 33)  // distinct files, same pixels
      try Data(bytes).write(to: trace.appendingPathComponent("\(number).png"))
      try FileManager.default.copyItem(at: xml, to: trace.appendingPathComponent("\(number).xml"))
      steps.append(
        "{\"id\": \"\(number)\", \"xml\": \"\(number).xml\", \"screenshot\": \"\(number).png\"}")
    }
    try steps.joined(separator: "\n").write(
      to: trace.appendingPathComponent("steps.jsonl"), atomically: true, encoding: .utf8)
    let db = folder.appendingPathComponent("g.sqlite").path
    let (ingest, ingestPeak) = try peakMegabytes([
      "ingest", trace.path, "--db", db, "--format", "trace", "--image-cache-mb", "16",
    ])
    // Each screenshot is refused by the pixel limit: a reject naming it, the visit kept, exit 3.
    #expect(ingest.status == 3, "\(ingest.stderr)")
    let stats = try ProcessResult.run("m3m", ["stats", "--db", db, "--json"])
    #expect(stats.stdout.contains("\"visits\" : 4"), "\(stats.stdout)")
    #expect(stats.stdout.contains("\"rejects\" : 3"), "\(stats.stdout)")
    if let ingestPeak { #expect(ingestPeak < 300, "peak RSS \(ingestPeak) MB") }
  }

  /// A `tEXt` chunk (ancillary, ignored by decoders) that makes each copy's bytes differ.
  static func textChunk(_ number: Int) -> [UInt8] {
    let data = Array("Comment\u{0}copy \(number)".utf8)
    let type = Array("tEXt".utf8)
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in type + data {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    crc ^= 0xFFFF_FFFF
    func bigEndian(_ value: UInt32) -> [UInt8] {
      (0..<4).map { UInt8(value >> (24 - 8 * $0) & 0xFF) }
    }
    return bigEndian(UInt32(data.count)) + type + data + bigEndian(crc)
  }

  @Test("a million nesting levels are refused at the depth limit, in bounded memory")
  func deepDump() throws {
    let folder = try Fixtures.temporaryDirectory("deep")
    let deep = folder.appendingPathComponent("deep.xml")
    let levels = 1_000_000
    try Data(
      ("<hierarchy>" + String(repeating: "<node bounds=\"[0,0][1,1]\">", count: levels)
        + String(repeating: "</node>", count: levels) + "</hierarchy>").utf8
    ).write(to: deep)
    let (inspect, peak) = try peakMegabytes(["inspect", deep.path, "--json"])
    #expect(inspect.status == 1)
    #expect(
      inspect.stderr.contains(
        "deep.xml: elements nested deeper than 512 levels at line 1 (the --max-xml-depth limit)"))
    if let peak { #expect(peak < 300, "peak RSS \(peak) MB") }
    let shallow = try ProcessResult.run("m3m", ["inspect", deep.path, "--max-xml-depth", "3"])
    #expect(shallow.status == 1 && shallow.stderr.contains("deeper than 3 levels"))
    let nodes = try ProcessResult.run("m3m", ["inspect", deep.path, "--max-xml-nodes", "10"])
    #expect(nodes.status == 1 && nodes.stderr.contains("more than 10 elements"))
  }

  @Test("a 131,000-character query is a usage error in search, show --text and agent act")
  func longQuery() throws {
    let db = try QueryCommandTests.graph.get()
    let text = String(repeating: "abcdefghij", count: 13_100)
    let search = try ProcessResult.run("m3m", ["search", text, "--db", db])
    #expect(search.status == 2)
    #expect(search.stderr.contains("TEXT is 131000 characters long; at most 1000"))
    let show = try ProcessResult.run("m3m", ["show", "--text", text, "--db", db])
    #expect(show.status == 2 && show.stderr.contains("--text is 131000 characters long"))
    let act = try ProcessResult.run(
      "m3m",
      ["agent", "act", "--xml", "Mobile3M/shop_graph_8002/shop0/shop0-xml.txt", "--goal", text])
    #expect(act.status == 2 && act.stderr.contains("--goal is 131000 characters long"))
    let fine = try ProcessResult.run(
      "m3m", ["search", String(repeating: "x", count: 1000), "--db", db])
    #expect(fine.status == 0, "\(fine.stderr)")
  }
}
