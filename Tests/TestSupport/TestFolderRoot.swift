import Foundation

/// The one folder that holds every temporary folder a test process makes:
/// `<tmp>/m3m-tests-<pid>`, removed when the process exits (`atexit`, which both XCTest and
/// Swift Testing reach on Linux). A root left by a process that was killed is removed by the
/// next test process to start: each root holds a `lock` file its process keeps locked
/// (`flock`), so a root whose lock can be taken belongs to no running process.
///
/// Programs the tests start get `TMPDIR` set to the root (``Fixtures/childEnvironment(_:)``),
/// so their own temporary files (chromium's profile, `m3m`'s work folders) go there too.
public enum TestFolderRoot {
  /// Names of roots in the temporary folder start with this.
  public static let prefix = "m3m-tests-"

  /// This process's root, made (and stale roots removed) on first use.
  public static var url: URL {
    get throws { try made.get() }
  }

  private static let made: Result<URL, any Error> = Result {
    let base = FileManager.default.temporaryDirectory
    removeStaleRoots(in: base)
    let root = try makeRoot(in: base)
    atexit { TestFolderRoot.removeOwnRoot() }
    return root
  }

  /// The descriptor of this process's `lock` file, kept open (and locked) until exit.
  nonisolated(unsafe) private static var lockDescriptor: Int32 = -1

  private static func removeOwnRoot() {
    guard case .success(let root) = made else { return }
    try? FileManager.default.removeItem(at: root)
  }

  /// Makes `<base>/m3m-tests-<pid>` (a suffix added when a live process of another pid
  /// namespace holds that name) and locks its `lock` file.
  private static func makeRoot(in base: URL) throws -> URL {
    let pid = getpid()
    for attempt in 0..<100 {
      let name = prefix + String(pid) + (attempt == 0 ? "" : "-\(attempt)")
      let root = base.appendingPathComponent(name)
      guard mkdir(root.path, 0o755) == 0 else {
        if errno == EEXIST { continue }
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: root.path])
      }
      let descriptor = open(
        root.appendingPathComponent("lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
      guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: root.path])
      }
      lockDescriptor = descriptor
      return root
    }
    throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: base.path])
  }

  /// Removes every root in `base` whose `lock` no process holds (its process ended without
  /// removing it). A root without a `lock` file is being made, or was left half made: it is
  /// removed once it is a minute old.
  public static func removeStaleRoots(in base: URL) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
    for name in names where name.hasPrefix(prefix) {
      let root = base.appendingPathComponent(name)
      if isStale(root) { try? FileManager.default.removeItem(at: root) }
    }
  }

  private static func isStale(_ root: URL) -> Bool {
    let descriptor = open(root.appendingPathComponent("lock").path, O_RDWR | O_CLOEXEC)
    guard descriptor >= 0 else {
      let attributes = try? FileManager.default.attributesOfItem(atPath: root.path)
      let modified = attributes?[.modificationDate] as? Date ?? Date()
      return Date().timeIntervalSince(modified) > 60
    }
    defer { close(descriptor) }
    return flock(descriptor, LOCK_EX | LOCK_NB) == 0
  }
}
