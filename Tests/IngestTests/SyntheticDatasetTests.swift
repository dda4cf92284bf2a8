import Foundation
import GraphStore
import Ingest
import SyntheticApps
import TestSupport
import Testing

@Suite("Synthetic apps → Mobile3M layout → graph")
struct SyntheticDatasetTests {
  func app(_ name: String) throws -> AppDefinition {
    let url = Fixtures.repositoryRoot.appendingPathComponent("graphs/\(name).json")
    return try JSONDecoder().decode(AppDefinition.self, from: Data(contentsOf: url))
  }

  @Test("synth is deterministic, byte for byte")
  func deterministic() throws {
    let first = try Fixtures.temporaryDirectory()
    let second = try Fixtures.temporaryDirectory()
    var writer = Mobile3MDatasetWriter(app: try app("notes"))
    writer.maxDepth = 10
    _ = try writer.write(to: first.path)
    _ = try writer.write(to: second.path)
    let files = Fixtures.files(under: first, suffixes: [".json", ".txt", ".png"])
    #expect(files.count > 100)
    for url in files {
      let relative = String(url.path.dropFirst(first.path.count))
      #expect(
        FileManager.default.contents(atPath: url.path)
          == FileManager.default.contents(atPath: second.path + relative), "\(relative)")
    }
  }

  @Test("ingesting the synthetic dataset recovers the definition's pages despite the clock")
  func dedupMatchesTruth() throws {
    let out = try Fixtures.temporaryDirectory()
    var writer = Mobile3MDatasetWriter(app: try app("shop"))
    writer.maxDepth = 10
    let summary = try writer.write(to: out.path)
    #expect(try TraceFormat.detect(summary.folder) == .mobile3m)
    let db = try Database(path: ":memory:")
    let ingest = try GraphIngester(database: db).ingest(
      Mobile3MReader.steps(in: summary.folder), source: summary.folder, format: "mobile3m")
    #expect(ingest.visits == summary.pages && ingest.rejected == 0)
    // The written unique map is the ground truth: m3m's dedup must give the same partition.
    let data = try Data(contentsOf: URL(fileURLWithPath: summary.folder + "/data_all2unique.json"))
    let inner = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed) as! String
    let truth = try JSONSerialization.jsonObject(with: Data(inner.utf8)) as! [String: String]
    var ours: [String: Int64] = [:]
    for row in try db.fetchAll("SELECT name, page_id FROM visit") {
      ours[row[0].string!] = row[1].int64!
    }
    func partition<T: Hashable>(_ map: [String: T]) -> Set<Set<String>> {
      Set(Dictionary(grouping: map.keys, by: { map[$0]! }).values.map(Set.init))
    }
    #expect(partition(truth) == partition(ours))
    #expect(try db.scalar("SELECT count(*) FROM page") == Int64(summary.uniquePages))
    // Every transition names the element that was acted on.
    #expect(try db.scalar("SELECT count(*) FROM edge WHERE element_id IS NULL") == 0)
  }

  @Test("a definition that names an unknown page is refused with the reason")
  func invalid() throws {
    var broken = try app("notes")
    broken.pages["home"]?.elements.append(
      .init(text: "x", to: "nowhere"))
    #expect(throws: SyntheticAppError.self) { try broken.validate(source: "broken.json") }
  }
}
