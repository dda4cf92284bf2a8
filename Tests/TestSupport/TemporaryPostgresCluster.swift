import Foundation

/// A throwaway PostgreSQL server for one test run: `initdb` into a temporary folder, `postgres`
/// listening only on a unix socket in that folder (no TCP port), and everything removed by
/// ``stop()``. Run as root, the server runs as the unprivileged `nobody` (PostgreSQL refuses
/// root); the test process connects over the socket as the cluster's superuser `m3m`.
///
/// The character type is `C.UTF-8`, so `pg_trgm` indexes Chinese text; text compares byte by
/// byte (`C`), as in SQLite.
///
/// ```swift
/// let cluster = try TemporaryPostgresCluster.start()
/// defer { cluster.stop() }
/// let url = try cluster.createDatabase("graph")   // postgresql://m3m@/graph?host=/tmp/m3m-tests-…
/// ```
public final class TemporaryPostgresCluster: Sendable {
  /// The folder holding the data directory and the socket.
  public let folder: URL
  private let binaries: URL
  private let runAs: String?

  /// The folder PostgreSQL's programs are in, or nil (then ``unavailable`` says why).
  public static let binaryFolder: URL? = {
    let environment = ProcessInfo.processInfo.environment["M3M_POSTGRES_BIN"]
    let candidates =
      (environment.map { [$0] } ?? [])
      + (10...20).reversed().map { "/usr/lib/postgresql/\($0)/bin" }
    return candidates.map(URL.init(fileURLWithPath:)).first {
      FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("initdb").path)
    }
  }()

  /// One cluster for the whole test process, started on first use and stopped (its folder
  /// removed) when the process exits; each test creates databases of its own in it.
  public static let shared: Result<TemporaryPostgresCluster, any Error> = {
    let result = Result { try start() }
    if case .success = result { atexit { TemporaryPostgresCluster.stopShared() } }
    return result
  }()

  private static func stopShared() {
    if case .success(let cluster) = shared { cluster.stop() }
  }

  /// A new, empty database on the shared cluster, by URL; nil (with the reason printed) when
  /// PostgreSQL is not installed. A cluster that is installed but fails to start throws.
  public static func freshDatabase(_ prefix: String = "t") throws -> String? {
    if let unavailable {
      print(unavailable)
      return nil
    }
    let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
    return try shared.get().createDatabase(name)
  }

  /// Why no cluster can be started here, or nil when one can.
  public static var unavailable: String? {
    binaryFolder == nil
      ? "skipped: PostgreSQL's initdb is not installed (tools/bootstrap installs postgresql; "
        + "M3M_POSTGRES_BIN names another folder)"
      : nil
  }

  /// The URL of one database on this cluster, over its socket.
  public func url(database: String) -> String {
    "postgresql://m3m@/\(database)?host=\(folder.path)"
  }

  private init(folder: URL, binaries: URL, runAs: String?) {
    self.folder = folder
    self.binaries = binaries
    self.runAs = runAs
  }

  /// Creates and starts a cluster.
  /// - Throws: ``ClusterError`` with the program's output when `initdb` or `postgres` fails.
  public static func start() throws -> TemporaryPostgresCluster {
    guard let binaries = binaryFolder else { throw ClusterError(message: unavailable ?? "") }
    let runAs = getuid() == 0 ? "nobody" : nil
    let folder = try makeFolder(runAs: runAs)
    let cluster = TemporaryPostgresCluster(folder: folder, binaries: binaries, runAs: runAs)
    do {
      try cluster.run(
        "initdb", "-D", cluster.dataFolder, "-A", "trust", "-U", "m3m", "-E", "UTF8",
        "--lc-collate=C", "--lc-ctype=C.UTF-8", "--no-sync", "--no-instructions")
      try cluster.run(
        "pg_ctl", "-D", cluster.dataFolder, "-l", folder.appendingPathComponent("log").path,
        "-w", "-o", "-k \(folder.path) -c listen_addresses='' -F -c max_connections=40",
        "start")
    } catch {
      cluster.stop()
      throw error
    }
    return cluster
  }

  /// A hot standby of this cluster: a base backup of it (`pg_basebackup -R`) started in a
  /// folder of its own, on its own socket, streaming this cluster's WAL and accepting only
  /// reads. ``stop()`` it when done.
  /// - Throws: ``ClusterError`` with the program's output when the backup or the start fails.
  public func startReplica() throws -> TemporaryPostgresCluster {
    let replica = TemporaryPostgresCluster(
      folder: try Self.makeFolder(runAs: runAs), binaries: binaries, runAs: runAs)
    do {
      try replica.run(
        "pg_basebackup", "-h", folder.path, "-U", "m3m", "-D", replica.dataFolder, "-R", "-X",
        "stream", "--checkpoint=fast", "--no-sync")
      try replica.run(
        "pg_ctl", "-D", replica.dataFolder, "-l",
        replica.folder.appendingPathComponent("log").path, "-w", "-o",
        "-k \(replica.folder.path) -c listen_addresses='' -F -c max_connections=40", "start")
    } catch {
      replica.stop()
      throw error
    }
    return replica
  }

  /// A new folder for a cluster in this test process's ``TestFolderRoot``, owned by the
  /// server's user. A short path: the socket's full name must fit in 107 bytes.
  private static func makeFolder(runAs: String?) throws -> URL {
    let folder = try TestFolderRoot.url.appendingPathComponent(
      "pg-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
    if runAs != nil {
      // The server's user owns the folder; the socket in it stays reachable for everyone.
      guard chown(folder.path, 65534, 65534) == 0 else {
        throw ClusterError(message: "cannot hand \(folder.path) to nobody")
      }
    }
    return folder
  }

  /// Creates a database; returns its URL.
  public func createDatabase(_ name: String) throws -> String {
    try run("createdb", "-h", folder.path, "-U", "m3m", name)
    return url(database: name)
  }

  /// Stops the server (immediately) and removes the folder.
  public func stop() {
    if FileManager.default.fileExists(atPath: dataFolder + "/postmaster.pid") {
      try? run("pg_ctl", "-D", dataFolder, "-m", "immediate", "-w", "stop")
    }
    try? FileManager.default.removeItem(at: folder)
  }

  private var dataFolder: String { folder.appendingPathComponent("data").path }

  /// Runs one of PostgreSQL's programs in the cluster's folder (as `nobody` when this process
  /// is root), its output into a file. Spawned and waited for directly, with no descriptor of
  /// this process but the standard three: the server `pg_ctl` leaves running must hold nothing
  /// this process (or a test running beside) waits on.
  private func run(_ program: String, _ arguments: String...) throws {
    let log = folder.deletingLastPathComponent().appendingPathComponent(
      "m3m-pg-\(UUID().uuidString).log")
    defer { try? FileManager.default.removeItem(at: log) }
    let path = binaries.appendingPathComponent(program).path
    let command = (runAs.map { ["/usr/sbin/runuser", "-u", $0, "--"] } ?? []) + [path] + arguments
    // In the cluster's folder (the server's user may not enter this process's), with every
    // descriptor past the standard three closed: a server holding another test's output pipe
    // open would keep that test waiting for ever.
    let script = """
      cd "$0" || exit 1
      for fd in /proc/self/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done
      exec "$@"
      """
    let argv = ["/bin/bash", "-c", script, folder.path] + command
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let cArguments = argv.map { strdup($0) }
    defer {
      for argument in cArguments { free(argument) }
    }
    var pid = pid_t()
    let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, cArguments + [nil], environ)
    guard spawned == 0 else {
      throw ClusterError(message: "\(program) could not be started (error \(spawned))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    let exited = status & 0x7F == 0
    guard exited, (status >> 8) & 0xFF == 0 else {
      throw ClusterError(message: "\(program) failed (status \(status)): \(text)")
    }
  }

  /// A cluster program that failed, with its output.
  public struct ClusterError: Error, CustomStringConvertible {
    /// What failed and what it printed.
    public var message: String
    public var description: String { message }
  }
}
