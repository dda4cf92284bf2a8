import Foundation
import GraphStore

/// `m3m crawl --claims` and `--release-claims WORKER`: which workers hold which frontier pages
/// of a shared graph, and freeing a hung worker's pages.
extension CrawlCommand {
  /// A worker's claims as `--claims --json` prints them.
  struct WorkerClaims: Encodable {
    var worker: String
    /// Whether the worker still runs (its pages wait for it while it does).
    var running: Bool
    /// The latest of its pages' last progress (Unix seconds), nil when unknown.
    var lastProgress: Int64?
    var secondsSinceProgress: Int64?
    var pages: [String]
  }

  /// Runs `--claims` or `--release-claims` when given (nil when neither is).
  static func runClaims(_ arguments: ParsedArguments) throws -> Int32? {
    let release = arguments.value("--release-claims")
    guard arguments.flag("--claims") || release != nil else { return nil }
    guard !(arguments.flag("--claims") && release != nil) else {
      throw UsageError(command: spec.name, message: "give --claims or --release-claims, not both")
    }
    let dbPath = try arguments.required("--db", command: spec.name)
    let db = try GraphDatabase.openForReading(dbPath)
    guard try db.tableNames().contains("crawl_page") else {
      throw CommandFailure("\(dbPath): no crawl in this graph (no crawl_page table)")
    }
    let claims = try db.crawlClaims()
    guard let worker = release else {
      try listClaims(claims, on: db, json: arguments.flag(.json))
      return 0
    }
    guard claims.contains(where: { $0.worker == worker }) else {
      throw CommandFailure(
        "\(dbPath): worker \(worker) holds no frontier page (m3m crawl --claims --db \(dbPath) "
          + "lists the workers that do)")
    }
    let running = try CrawlClaimant.isAlive(worker, on: db)
    let busyTimeout = try GraphDatabase.busyTimeout(arguments, command: spec.name)
    let freed = try GraphDatabase.writing(dbPath, busyTimeout: busyTimeout) { writer in
      try writer.inTransaction { try writer.releaseCrawlClaims(by: worker) }
    }
    Output.line("released \(freed) page\(freed == 1 ? "" : "s") of \(worker)")
    if running {
      Output.error(
        "\(worker) is still running: other workers take its pages over now; its writes for "
          + "them are discarded should it wake up, and it goes on with other pages")
    }
    return 0
  }

  /// Prints each worker holding pages: running or gone, its last progress, its pages.
  static func listClaims(_ claims: [CrawlClaim], on db: Database, json: Bool) throws {
    let now = Int64(time(nil))
    var workers: [WorkerClaims] = []
    for claim in claims {
      if workers.last?.worker != claim.worker {
        workers.append(
          WorkerClaims(
            worker: claim.worker, running: try CrawlClaimant.isAlive(claim.worker, on: db),
            lastProgress: nil, secondsSinceProgress: nil, pages: []))
      }
      workers[workers.count - 1].pages.append(claim.page)
      if let progress = claim.lastProgress {
        let latest = max(workers[workers.count - 1].lastProgress ?? progress, progress)
        workers[workers.count - 1].lastProgress = latest
        workers[workers.count - 1].secondsSinceProgress = max(0, now - latest)
      }
    }
    if json {
      try Output.json(workers)
      return
    }
    guard !workers.isEmpty else {
      Output.line("no frontier page is claimed")
      return
    }
    let format = ISO8601DateFormatter()
    for worker in workers {
      let progress =
        worker.lastProgress.map {
          "last progress \(format.string(from: Date(timeIntervalSince1970: TimeInterval($0))))"
            + " (\(worker.secondsSinceProgress ?? 0) s ago)"
        } ?? "last progress unknown"
      Output.line(
        "\(worker)  \(worker.running ? "running" : "gone (its pages are taken over)")  "
          + "\(progress)  \(worker.pages.count) page\(worker.pages.count == 1 ? "" : "s"): "
          + worker.pages.joined(separator: ", "))
    }
  }
}
