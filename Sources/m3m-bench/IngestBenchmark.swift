import Foundation
import GraphStore
import Ingest
import SyntheticApps

/// Generates a long m3m trace folder from graphs/*.json (random walks with restarts; each
/// page rendered with three clock values, so dedup and the pixel test run on real variation)
/// and ingests it, printing pages/s and peak memory.
enum IngestBenchmark {
  static func run(graphs: [String], pages: Int, work: String) throws {
    // Generation and ingest are separate so the generator's memory is gone before measuring.
    try generate(graphs: graphs, pages: pages, work: work)
    try ingest(work: work)
  }

  /// Writes the rendered screens and `steps.jsonl`.
  static func generate(graphs: [String], pages: Int, work: String) throws {
    let fm = FileManager.default
    try? fm.removeItem(atPath: work)
    try fm.createDirectory(atPath: work + "/screens", withIntermediateDirectories: true)
    let renderer = ScreenRenderer()
    var apps: [AppDefinition] = []
    for path in graphs {
      apps.append(
        try JSONDecoder().decode(
          AppDefinition.self, from: Data(contentsOf: URL(fileURLWithPath: path))))
    }
    // Render every page once per clock value.
    for app in apps {
      for (id, page) in app.pages {
        for clock in BenchmarkWalk.clocks {
          let base =
            "\(work)/screens/\(app.name)-\(id)-\(clock.replacingOccurrences(of: ":", with: ""))"
          try renderer.xml(page, app: app, clock: clock).write(
            toFile: base + ".xml", atomically: false, encoding: .utf8)
          try Data(renderer.screenshot(page, clock: clock).pngData()).write(
            to: URL(fileURLWithPath: base + ".png"))
        }
      }
    }
    // Random walks with restarts (the same walk as the distinct-capture datasets').
    var walk = try BenchmarkWalk(apps: apps)
    var lines: [String] = []
    lines.reserveCapacity(pages)
    for step in 0..<pages {
      let visit = try walk.next()
      let clock = visit.clock.replacingOccurrences(of: ":", with: "")
      let file = "screens/\(visit.app.name)-\(visit.pageName)-\(clock)"
      var line =
        "{\"id\": \"\(step)\", \"app\": \"\(visit.app.package)\", \"xml\": \"\(file).xml\", \"screenshot\": \"\(file).png\""
      line +=
        visit.isRestart
        ? ", \"from\": null}" : ", \"action\": {\"type\": \"click\", \"x\": 100, \"y\": 250}}"
      lines.append(line)
    }
    try lines.joined(separator: "\n").write(
      toFile: work + "/steps.jsonl", atomically: false, encoding: .utf8)
  }

  /// Ingests the generated trace and prints the figures.
  static func ingest(work: String) throws {
    let db = try Database(path: work + "/graph.sqlite")
    var options = GraphIngester.Options()
    options.batchSize = 2000
    let ingester = try GraphIngester(database: db, options: options)
    let start = DispatchTime.now().uptimeNanoseconds
    let summary = try ingester.ingest(
      try TraceFolderReader.steps(in: work), source: work, format: "trace")
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let peakMB = Double(usage.ru_maxrss) / 1024
    print(
      String(
        format: "pages %d: %.1f s, %.0f pages/s, %d unique pages, %d rejected, peak RSS %.0f MB",
        summary.visits, seconds, Double(summary.visits) / seconds, summary.newPages,
        summary.rejected, peakMB))
    print(
      String(
        format: "extrapolated for Mobile3M's 3,098,786 pages at this rate: %.1f hours",
        3_098_786 / (Double(summary.visits) / seconds) / 3600))
  }
}
