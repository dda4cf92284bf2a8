import Foundation

/// Where the tests find their inputs: the repository itself and the shared real-data folders
/// that sit beside the checkout (`../shared`). The real data is never copied into the repo.
public enum Fixtures {
  /// The repository root (the folder that holds `Package.swift`).
  public static let repositoryRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        return url
      }
    }
    fatalError("Package.swift not found above \(#filePath)")
  }()

  /// `../shared` beside the checkout, or `M3M_SHARED` when set.
  public static let sharedRoot: URL = {
    if let path = ProcessInfo.processInfo.environment["M3M_SHARED"] {
      return URL(fileURLWithPath: path)
    }
    return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
  }()

  /// `../shared/realdata`: real uiautomator dumps, screenshots and traces from public repos.
  public static var realData: URL { sharedRoot.appendingPathComponent("realdata") }

  /// `../shared/evaldata`: held-out evaluation sets.
  public static var evalData: URL { sharedRoot.appendingPathComponent("evaldata") }

  /// True when `../shared/realdata` is present.
  public static var hasRealData: Bool {
    FileManager.default.fileExists(atPath: realData.path)
  }

  /// The reason printed when a conformance test skips for lack of real data.
  public static let realDataMissing =
    "skipped: ../shared/realdata is absent (set M3M_SHARED to the shared folder to run it)"

  /// Every file under `root` whose name ends with one of `suffixes`, sorted by path.
  public static func files(under root: URL, suffixes: [String]) -> [URL] {
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
    else { return [] }
    var found: [URL] = []
    for case let url as URL in walker
    where suffixes.contains(where: { url.lastPathComponent.lowercased().hasSuffix($0) }) {
      found.append(url)
    }
    return found.sorted { $0.path < $1.path }
  }

  /// A fresh temporary folder for one test, `<root>/<name>-<8 hex digits>` in this test
  /// process's ``TestFolderRoot`` (removed when the process exits).
  public static func temporaryDirectory(_ name: String = "m3m-test") throws -> URL {
    let root = try TestFolderRoot.url
    while true {
      let url = root.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
      if mkdir(url.path, 0o755) == 0 { return url }
      guard errno == EEXIST else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
      }
    }
  }

  /// This process's environment with `TMPDIR` set to its ``TestFolderRoot`` (unless `extra`
  /// sets it), then `extra`: what the programs a test starts run with, so that what they keep
  /// in temporary folders is removed with the root.
  public static func childEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    if let root = try? TestFolderRoot.url { environment["TMPDIR"] = root.path }
    return environment.merging(extra) { $1 }
  }
}

/// Runs a built executable of this package (e.g. `m3m`) the way a user would, and captures
/// its output.
public struct ProcessResult: Sendable {
  /// The exit status.
  public var status: Int32
  /// Everything written to standard output.
  public var stdout: String
  /// Everything written to standard error.
  public var stderr: String

  /// Runs `product` (built next to the test bundle) with `arguments`.
  public static func run(
    _ product: String, _ arguments: [String], currentDirectory: URL? = nil,
    environment: [String: String]? = nil
  ) throws -> ProcessResult {
    try run(
      executable: Fixtures.productsDirectory.appendingPathComponent(product), arguments,
      currentDirectory: currentDirectory, environment: environment)
  }

  /// Runs a tool found on `PATH` (e.g. `python3`) with `arguments`.
  public static func runTool(_ name: String, _ arguments: [String]) throws -> ProcessResult {
    try run(executable: URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments)
  }

  static func run(
    executable: URL, _ arguments: [String], currentDirectory: URL? = nil,
    environment: [String: String]? = nil
  ) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    // The child's temporary files go to this process's root (unless it is told otherwise).
    var childEnvironment = environment ?? Fixtures.childEnvironment()
    if childEnvironment["TMPDIR"] == nil, let root = try? TestFolderRoot.url {
      childEnvironment["TMPDIR"] = root.path
    }
    process.environment = childEnvironment
    process.currentDirectoryURL = currentDirectory ?? Fixtures.repositoryRoot
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes before waiting so a full pipe cannot block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(
      status: process.terminationStatus,
      stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}

extension Fixtures {
  /// The folder holding this build's products (`.build/debug` or `.build/release`).
  public static let productsDirectory: URL = {
    let bundle = Bundle.main.bundleURL
    for candidate in [bundle, bundle.deletingLastPathComponent()]
    where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("m3m").path) {
      return candidate
    }
    return bundle.deletingLastPathComponent()
  }()
}
