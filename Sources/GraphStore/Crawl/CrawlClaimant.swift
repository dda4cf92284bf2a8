import Foundation

/// A crawl worker as the frontier knows it: the id it claims pages under, and whether the
/// worker behind an id is still there, so the pages of a worker that died are taken over at
/// once, with no timeout to wait out.
///
/// On PostgreSQL the id names a session advisory lock the worker's connection holds for its
/// life (`pg_advisory_lock(…)`, seen in `pg_locks`): the server frees it when the connection
/// ends, however the worker died, on whichever host it ran. In an SQLite file, which only
/// programs on one machine share, the id names the process (its pid, the kernel's start time
/// of it and the boot), and a worker is gone when no such process runs. An id in another form
/// (a claim copied from a graph of the other engine) belongs to no one.
///
/// ```swift
/// let me = try CrawlClaimant.register(on: db)   // for as long as `db` is open
/// if let holder = row.claimedBy, try !CrawlClaimant.isAlive(holder, on: db) { … }
/// ```
public struct CrawlClaimant: Sendable, Hashable {
  /// The id claims are recorded under (`crawl_page.claimed_by`).
  public let id: String

  /// The first key of the workers' advisory locks ("m3mC" in ASCII); the second is drawn.
  static let lockClass: Int32 = 0x6D33_6D43

  /// Registers this process's connection `db` as a crawl worker (on PostgreSQL, takes its
  /// lock); the id stays valid while `db` is open.
  public static func register(on db: Database) throws -> CrawlClaimant {
    guard db.engine == .postgresql else {
      return CrawlClaimant(id: try ProcessIdentity.current().id)
    }
    // A key no other worker of this database holds.
    while true {
      let key = Int32.random(in: 1 ... .max)
      let got = try db.scalar(
        "SELECT CASE WHEN pg_try_advisory_lock(\(lockClass), \(key)) THEN 1 ELSE 0 END")
      if got == 1 { return CrawlClaimant(id: "postgresql:\(key)") }
    }
  }

  /// Whether the worker that claimed pages as `id` is still running.
  public static func isAlive(_ id: String, on db: Database) throws -> Bool {
    if db.engine == .postgresql {
      guard id.hasPrefix("postgresql:"), let key = Int32(id.dropFirst("postgresql:".count))
      else { return false }
      let holders = try db.scalar(
        """
        SELECT count(*) FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND classid = \(lockClass) AND objid = \(key)
          AND objsubid = 2
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        """)
      return (holders ?? 0) > 0
    }
    guard let process = ProcessIdentity(id: id) else { return false }
    return process.isRunning
  }
}

/// A process of this or another machine, as Linux tells them apart: pid, start time (clock
/// ticks after boot, from `/proc/PID/stat`), boot id and host name.
struct ProcessIdentity: Equatable {
  var pid: Int32
  var startTicks: UInt64
  var boot: String
  var host: String

  /// `process:PID:START:BOOT:HOST`.
  var id: String { "process:\(pid):\(startTicks):\(boot):\(host)" }

  init(pid: Int32, startTicks: UInt64, boot: String, host: String) {
    self.pid = pid
    self.startTicks = startTicks
    self.boot = boot
    self.host = host
  }

  /// Reads an ``id``; nil for any other text.
  init?(id: String) {
    let parts = id.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
    guard parts.count == 5, parts[0] == "process", let pid = Int32(parts[1]),
      let ticks = UInt64(parts[2])
    else { return nil }
    self.init(pid: pid, startTicks: ticks, boot: String(parts[3]), host: String(parts[4]))
  }

  /// This process.
  static func current() throws -> ProcessIdentity {
    let pid = getpid()
    guard let ticks = startTicks(of: pid) else {
      throw CrawlClaimError(reason: "cannot read this process's start time in /proc/\(pid)/stat")
    }
    return ProcessIdentity(pid: pid, startTicks: ticks, boot: bootID, host: hostName)
  }

  /// Whether this process still runs: true for one of another machine, which cannot be told
  /// from here (an SQLite file is shared by programs of one machine).
  var isRunning: Bool {
    guard host == Self.hostName else { return true }
    return boot == Self.bootID && Self.startTicks(of: pid) == startTicks
  }

  /// The start time of process `pid` in clock ticks after boot, nil when there is none.
  static func startTicks(of pid: Int32) -> UInt64? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let end = stat.lastIndex(of: ")")
    else { return nil }
    // After the command name: state (field 3) … starttime (field 22).
    let fields = stat[stat.index(after: end)...].split(separator: " ")
    return fields.count > 19 ? UInt64(fields[19]) : nil
  }

  static let bootID: String =
    ((try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)) ?? "")
    .trimmingCharacters(in: .whitespacesAndNewlines)

  static let hostName: String = {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }()
}

/// This process cannot be told apart from others as a crawl worker.
public struct CrawlClaimError: Error, CustomStringConvertible, Sendable {
  /// Why.
  public var reason: String
  public var description: String { "crawl worker: \(reason)" }
}
