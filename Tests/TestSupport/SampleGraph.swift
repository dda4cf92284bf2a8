import Foundation
import GraphStore
import Ingest

extension Fixtures {
  /// The bundled `Mobile3M/` sample (three apps) ingested once per test run into a temporary
  /// graph database; its path.
  public static let sampleGraph: Result<String, any Error> = Result {
    let path = try temporaryDirectory("sample-graph").appendingPathComponent("g.sqlite").path
    let ingester = try GraphIngester(database: Database(path: path))
    for app in ["mail_graph_8000", "notes_graph_8001", "shop_graph_8002"] {
      let folder = repositoryRoot.appendingPathComponent("Mobile3M/\(app)").path
      _ = try ingester.ingest(Mobile3MReader.steps(in: folder), source: folder, format: "mobile3m")
    }
    return path
  }
}
