import Foundation
import Screenshots
import TestSupport
import Testing

/// The query commands over the bundled Mobile3M sample, run as a user runs them.
@Suite("m3m leads-to, path, search, show and export")
struct QueryCommandTests {
  /// The bundled sample ingested once for the suite.
  static let graph: Result<String, any Error> = Result {
    let db = try Fixtures.temporaryDirectory("queries").appendingPathComponent("g.sqlite").path
    let ingest = try ProcessResult.run("m3m", ["ingest", "Mobile3M", "--db", db])
    guard ingest.status == 0 else { throw CocoaError(.fileReadCorruptFile) }
    return db
  }

  let shop = "Mobile3M/shop_graph_8002/shop0/"

  func m3m(_ arguments: String...) throws -> ProcessResult {
    try ProcessResult.run("m3m", arguments + ["--db", try Self.graph.get()])
  }

  @Test("path: the known shortest route, each step with its element; k alternatives")
  func path() throws {
    let result = try m3m("path", "shop0", "shop0_2_12_25", "--k", "2", "--json")
    #expect(result.status == 0, "\(result.stderr)")
    let paths = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    #expect(paths.count == 2)
    let steps = try #require(paths.first?["steps"] as? [[String: Any]])
    #expect(
      steps.compactMap { ($0["element"] as? [String: Any])?["text"] as? String } == [
        "Categories", "Kitchen", "Reviews",
      ])
    #expect(
      (steps.first?["element"] as? [String: Any])?["bounds"] as? String == "[40,452][680,512]")
    let fromRoot = try m3m("path", "--from-root", "shop0_2_12_25", "--k", "1")
    #expect(fromRoot.status == 0)
    #expect(fromRoot.stdout.contains("click \"Categories\""))
  }

  @Test("path: unreachable pages exit 1 and say so; unknown names get suggestions")
  func unreachableAndUnknown() throws {
    let unreachable = try m3m("path", "shop0_1", "notes0")
    #expect(unreachable.status == 1)
    #expect(unreachable.stderr.contains("cannot be reached from page"))
    let unknown = try m3m("leads-to", "shopp0")
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("no page 'shopp0'"))
    #expect(unknown.stderr.contains("did you mean shop0"))
    let usage = try m3m("path", "shop0")
    #expect(usage.status == 2)
  }

  @Test("leads-to --dump finds the stored page a dump shows, same answers as by name")
  func leadsToDump() throws {
    let byDump = try m3m(
      "leads-to", "--dump", shop + "shop0-xml.txt", "--screenshot", shop + "shop0-screen.png",
      "--json")
    #expect(byDump.status == 0, "\(byDump.stderr)")
    #expect(byDump.stderr.contains("is page"))
    let byName = try m3m("leads-to", "shop0", "--json")
    #expect(byDump.stdout == byName.stdout)
    #expect(byName.stdout.contains("\"count\""))
  }

  @Test("leads-to --dump with a screen the graph never saw says so")
  func unknownDump() throws {
    let folder = try Fixtures.temporaryDirectory("dump")
    let dump = folder.appendingPathComponent("other.xml")
    try """
    <hierarchy rotation="0"><node class="android.widget.FrameLayout" package="com.other" \
    bounds="[0,0][720,1280]"><node class="android.widget.TextView" text="Weather today" \
    package="com.other" bounds="[0,0][720,100]"/><node class="android.widget.Button" \
    text="Refresh forecast" clickable="true" package="com.other" bounds="[0,100][720,200]"/>\
    </node></hierarchy>
    """.write(to: dump, atomically: true, encoding: .utf8)
    let result = try m3m("leads-to", "--dump", dump.path)
    #expect(result.status == 1)
    #expect(result.stderr.contains("matches no page"))
    let broken = folder.appendingPathComponent("broken.xml")
    try "<hierarchy><node text=\"x\"".write(to: broken, atomically: true, encoding: .utf8)
    let malformed = try m3m("leads-to", "--dump", broken.path)
    #expect(malformed.status == 1)
    #expect(malformed.stderr.contains("broken.xml"))
  }

  @Test("show --annotate boxes the page and marks the element that leads on in red")
  func showAnnotate() throws {
    let out = try Fixtures.temporaryDirectory("show").appendingPathComponent("shop0.png").path
    let result = try m3m(
      "show", "shop0", "--annotate", out, "--highlight-leads-to", "shop0_4_16_31")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\"Account\" TextView [40,684][680,744]  ← leads to page"))
    let image = try RGBAImage(contentsOfPNG: out)
    let original = try RGBAImage(contentsOfPNG: shop + "shop0-screen.png")
    #expect(image.width == original.width && image.height == original.height)
    // The highlight's top edge runs along y = 684 inside the Account element.
    #expect(image.pixel(x: 400, y: 686) == RGBAColor.red)
    #expect(original.pixel(x: 400, y: 686) != RGBAColor.red)
    let unreachable = try m3m("show", "shop0", "--highlight-leads-to", "notes0")
    #expect(unreachable.status == 1)
  }

  @Test("export --format svg: the app's pages drawn by Graphviz, one node per unique page")
  func exportSVG() throws {
    let out = try Fixtures.temporaryDirectory("export-svg").appendingPathComponent("shop.svg").path
    let export = try m3m("export", "--format", "svg", "--app", "shop", "--out", out)
    #expect(export.status == 0, "\(export.stderr)")
    #expect(export.stderr.contains("exported 16 nodes"), "\(export.stderr)")
    let svg = SVGSummary(try Data(contentsOf: URL(fileURLWithPath: out)))
    #expect(svg.wellFormed && svg.root == "svg")
    #expect(svg.nodes == 16)
    #expect(svg.links.isEmpty)
    #expect(svg.texts.contains("Kitchen"))
    let noApp = try m3m("export", "--format", "svg")
    #expect(noApp.status == 2)
    #expect(noApp.stderr.contains("--format svg draws one app"), "\(noApp.stderr)")
    let unknown = try m3m("export", "--format", "svg", "--app", "nothing")
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("no app 'nothing'"), "\(unknown.stderr)")
  }

  @Test("search and export answer from the same graph")
  func searchAndExport() throws {
    let search = try m3m("search", "Kitchen", "--json")
    #expect(search.status == 0)
    #expect(search.stdout.contains("\"text\" : \"Kitchen\""))
    let out = try Fixtures.temporaryDirectory("export").appendingPathComponent("g.graphml").path
    let export = try m3m("export", "--format", "graphml", "--unique", "--app", "shop", "--out", out)
    #expect(export.status == 0)
    #expect(export.stderr.contains("exported 16 nodes"))
    #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("<?xml"))
    let bad = try m3m("export", "--format", "png")
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("unknown --format 'png' (expected dot, graphml, json, svg)"))
    let missing = try ProcessResult.run("m3m", ["search", "x", "--db", "/nonexistent.sqlite"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("no such graph database"))
  }
}
