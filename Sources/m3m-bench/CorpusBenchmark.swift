import Foundation
import GraphStore
import Tasks

/// `corpus build` throughput: a generated trace (as for the ingest benchmark) is ingested once,
/// then every task is built and written (Qwen-VL JSON, `--images none`: image copies excluded)
/// several times; prints the median samples/s.
enum CorpusBenchmark {
  static func run(graphs: [String], pages: Int, work: String, rounds: Int) throws {
    if !FileManager.default.fileExists(atPath: work + "/graph.sqlite") {
      try IngestBenchmark.generate(graphs: graphs, pages: pages, work: work)
      try IngestBenchmark.ingest(work: work)
    }
    let db = try Database(path: work + "/graph.sqlite", mode: .readOnly)
    var times: [Double] = []
    var summary = CorpusSummary()
    for round in 0..<rounds {
      let out = URL(fileURLWithPath: work + "/corpus")
      try? FileManager.default.removeItem(at: out)
      let writer = try CorpusWriter(folder: out, format: .qwen, images: .none)
      var options = CorpusOptions()
      options.seed = UInt64(round)
      times.append(
        try seconds {
          summary = try CorpusBuilder(database: db, options: options).build { try writer.write($0) }
          try writer.finish(summary: summary, settings: [:])
        })
    }
    let time = median(times)
    print("graph: \(work)/graph.sqlite; samples per build: \(summary.total)")
    for (task, splits) in summary.samples.sorted(by: { $0.key < $1.key }) {
      print("  \(task): \(splits.values.reduce(0, +))")
    }
    print(
      String(
        format:
          "corpus build (all tasks, qwen, no images): median %.2f s over %d rounds, %.0f samples/s",
        time, rounds, Double(summary.total) / time))
  }
}
