import Crawler
import Foundation
import GraphStore

/// Simulated crawl throughput: each app of `graphs/` crawled to the end, restart-and-replay
/// (also writing the Mobile3M release layout) and the back-navigation mode; device actions per
/// second (replays included), median of runs.
enum CrawlBenchmark {
  static func run(graphs: [String], work: String, rounds: Int) throws {
    let modes = [
      ("restart-and-replay", false, false), ("restart-and-replay + release layout", false, true),
      ("back navigation", true, false),
    ]
    for (mode, useBack, release) in modes {
      var rates: [Double] = []
      var pages = 0
      var actions = 0
      var restarts = 0
      for _ in 0..<rounds {
        var total = 0
        var time = 0.0
        pages = 0
        restarts = 0
        for graph in graphs {
          try? FileManager.default.removeItem(atPath: work)
          try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
          let device = try SimulatedDevice(definition: graph)
          let db = try Database(path: work + "/graph.sqlite")
          var options = ExplorerOptions()
          options.useBack = useBack
          options.inputKeywords = device.app.keywords ?? []
          let explorer = try Explorer(
            device: device, package: device.app.package, name: device.app.name, database: db,
            work: URL(fileURLWithPath: work + "/screens"),
            releaseDirectory: release ? URL(fileURLWithPath: work + "/release") : nil,
            options: options)
          var summary = CrawlSummary()
          time += try seconds { summary = try explorer.run() }
          total += summary.actions
          pages += summary.newPages
          restarts += summary.restarts
        }
        actions = total
        rates.append(Double(total) / time)
      }
      print(
        String(
          format:
            "%@: %d apps, %d pages, %d actions, %d restarts; median %.1f actions/s over %d rounds",
          mode, graphs.count, pages, actions,
          restarts, median(rates), rounds))
    }
  }
}
