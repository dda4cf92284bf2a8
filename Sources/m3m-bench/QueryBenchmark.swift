import Foundation
import Geometry
import GraphStore
import SyntheticApps

/// Leads-to and path latency over a generated graph the size of a large crawl.
///
/// The graph: `apps` apps of equal size; in each, a crawl tree from the launch page (fan-out 5),
/// every page with a back edge to its parent, half of them a "Home" edge to the launch page, a
/// few a self-loop, and random edges to other pages of the app until the mean out-degree is
/// `edgesPerPage`. Written once to `database` and reused while the sizes match.
///
/// On PostgreSQL (`--db postgresql://…`) the graph is not generated: `tools/bench-query
/// --engine postgresql` copies the SQLite graph of the same sizes there (`m3m copy`), so both
/// engines answer the same queries on the same rows.
enum QueryBenchmark {
  static func run(
    database: String, pages: Int, edgesPerPage: Int, apps: Int, queries: Int, seed: UInt64
  ) throws {
    let pagesPerApp = pages / apps
    if try !exists(database, pages: pagesPerApp * apps, apps: apps) {
      guard DatabaseEngine(location: database) == .sqlite else {
        throw BenchmarkError(
          "\(database): holds no generated graph of \(pagesPerApp * apps) pages in \(apps) apps; "
            + "copy one there from SQLite first (tools/bench-query --engine postgresql does)")
      }
      try generate(
        database, pagesPerApp: pagesPerApp, apps: apps, edgesPerPage: edgesPerPage, seed: seed)
    }
    let db = try Database(path: database, mode: .readOnly)
    let totalPages = try db.pageCount()
    let totalEdges = try db.edgeCount()
    let bytes = try db.storedBytes()
    print(
      "graph (\(db.engine.rawValue)): \(totalPages) unique pages, \(totalEdges) edges, "
        + "\(apps) apps, " + String(format: "%.2f GB", Double(bytes) / 1e9))

    var random = SeededGenerator(seed: seed &+ 1)
    let firstPage = try db.firstPageID() ?? 1
    func randomPage(app: Int) -> Int64 {
      firstPage + Int64(app * pagesPerApp + Int.random(in: 0..<pagesPerApp, using: &random))
    }
    // Warm-up: the first queries read the file into the OS cache.
    for _ in 0..<50 {
      let app = Int.random(in: 0..<apps, using: &random)
      _ = try db.leadsTo(page: randomPage(app: app))
      _ = try db.shortestPaths(from: randomPage(app: app), to: randomPage(app: app))
    }
    var leadsTo: [Double] = []
    var answers = 0
    for _ in 0..<queries {
      let page = randomPage(app: Int.random(in: 0..<apps, using: &random))
      leadsTo.append(try seconds { answers += try db.leadsTo(page: page, limit: 20).count })
    }
    report("leads-to (limit 20)", leadsTo, extra: "\(answers / queries) answers per query")
    for k in [1, 3] {
      var times: [Double] = []
      var lengths: [Int] = []
      var unreachable = 0
      for _ in 0..<queries {
        let app = Int.random(in: 0..<apps, using: &random)
        let source = randomPage(app: app)
        let target = randomPage(app: app)
        var found: [ActionPath] = []
        times.append(try seconds { found = try db.shortestPaths(from: source, to: target, k: k) })
        if let first = found.first { lengths.append(first.length) } else { unreachable += 1 }
      }
      let meanLength = Double(lengths.reduce(0, +)) / Double(max(1, lengths.count))
      report(
        "path k=\(k) (random pairs in one app)", times,
        extra: String(format: "mean shortest length %.1f, %d unreachable", meanLength, unreachable))
    }
  }

  static func report(_ name: String, _ times: [Double], extra: String) {
    let sorted = times.sorted()
    let p99 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
    print(
      String(
        format: "%@: median %.3f ms, p99 %.3f ms over %d queries (%@)", name,
        median(times) * 1000, p99 * 1000, times.count, extra))
  }

  static func exists(_ path: String, pages: Int, apps: Int) throws -> Bool {
    let onServer = DatabaseEngine(location: path) == .postgresql
    guard onServer || FileManager.default.fileExists(atPath: path) else { return false }
    let db = try Database(path: path, mode: .readOnly)
    guard try !onServer || db.tableNames().contains("page") else { return false }
    return try db.pageCount() == Int64(pages) && db.appCount() == Int64(apps)
  }

  /// Throws unless `path` is absent, empty or a graph this generator wrote (apps `app0`,
  /// `app1`, …): a benchmark never deletes a graph of the user's.
  static func refuseUnlessGenerated(_ path: String) throws {
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
    guard let size, size > 0 else { return }
    let names = try Database(path: path, mode: .readOnly).appNames()
    guard names.allSatisfy({ $0.hasPrefix("app") && Int($0.dropFirst(3)) != nil }) else {
      throw BenchmarkError(
        "\(path): holds a graph this benchmark did not generate (apps "
          + names.prefix(3).joined(separator: ", ")
          + "); it is left as it is: choose another --db")
    }
  }

  static func generate(
    _ path: String, pagesPerApp: Int, apps: Int, edgesPerPage: Int, seed: UInt64
  ) throws {
    try refuseUnlessGenerated(path)
    // Written beside the graph's path and moved there once complete: a generation stopped
    // half-way (its indexes not yet built) never passes for a graph.
    let partial = path + ".partial"
    for file in [path, partial] {
      for suffix in ["", "-wal", "-shm", "-journal"] {
        try? FileManager.default.removeItem(atPath: file + suffix)
      }
    }
    let start = Date()
    try generateRows(
      partial, pagesPerApp: pagesPerApp, apps: apps, edgesPerPage: edgesPerPage, seed: seed,
      start: start)
    try FileManager.default.moveItem(atPath: partial, toPath: path)
    FileHandle.standardError.write(
      Data(String(format: "\ngenerated in %.0f s\n", Date().timeIntervalSince(start)).utf8))
  }

  /// Writes the graph's rows into a new file at `path` (see ``run``), then its indexes.
  static func generateRows(
    _ path: String, pagesPerApp: Int, apps: Int, edgesPerPage: Int, seed: UInt64, start: Date
  ) throws {
    let db = try Database(path: path)
    // The schema first (it switches the file to WAL), then no journal while generating.
    try GraphSchema.prepare(db)
    let load = try db.beginBulkLoad()
    let writer = try GraphRowWriter(database: db)
    var random = SeededGenerator(seed: seed)
    for appNumber in 0..<apps {
      let app = try writer.app("app\(appNumber)")
      var ids: [Int64] = []
      ids.reserveCapacity(pagesPerApp)
      for index in 0..<pagesPerApp {
        ids.append(try writer.page(app: app, name: "app\(appNumber)_\(index)"))
      }
      for index in 0..<pagesPerApp {
        let page = ids[index]
        var edges = 0
        for child in (index * 5 + 1)...(index * 5 + 5) where child < pagesPerApp {
          try writer.edge(
            from: page, to: ids[child], label: "Open \(child)",
            count: Int.random(in: 1...3, using: &random))
          edges += 1
        }
        if index > 0 {
          try writer.edge(from: page, to: ids[(index - 1) / 5], label: "Navigate up")
          edges += 1
          if Bool.random(using: &random) {
            try writer.edge(from: page, to: ids[0], label: "Home")
            edges += 1
          }
        }
        if Int.random(in: 0..<20, using: &random) == 0 {
          try writer.edge(from: page, to: page, label: "Refresh", count: 2)
          edges += 1
        }
        // Random links (tabs, related items) up to the mean out-degree.
        let target = edgesPerPage + (index % 2 == 0 ? 0 : 1) - (index % 4 == 0 ? 1 : 0)
        while edges < target {
          let other = Int.random(in: 0..<pagesPerApp, using: &random)
          if other != index {
            try writer.edge(from: page, to: ids[other], label: "Item \(other)")
          }
          edges += 1
        }
      }
      try writer.commit()
      FileHandle.standardError.write(
        Data(
          String(
            format: "generated app %d/%d (%.0f s)\r", appNumber + 1, apps,
            Date().timeIntervalSince(start)
          ).utf8))
    }
    try writer.finish()
    FileHandle.standardError.write(
      Data(
        String(format: "\nrows written (%.0f s); indexes...", Date().timeIntervalSince(start))
          .utf8))
    try load.finish()
  }
}
