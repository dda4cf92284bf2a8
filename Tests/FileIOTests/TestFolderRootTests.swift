import Foundation
import TestSupport
import Testing

/// The tests' temporary folders: all in one root per test process, removed when it exits.
@Suite("test folders: one root per test process, removed at exit")
struct TestFolderRootTests {
  @Test("a test's folders, the PostgreSQL cluster's and its programs' live under the root")
  func foldersLiveUnderTheRoot() throws {
    let root = try TestFolderRoot.url
    #expect(root.lastPathComponent.hasPrefix(TestFolderRoot.prefix + String(getpid())))
    #expect(root.deletingLastPathComponent().path == FileManager.default.temporaryDirectory.path)
    #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("lock").path))
    let folder = try Fixtures.temporaryDirectory("made")
    #expect(folder.deletingLastPathComponent().path == root.path)
    #expect(folder.lastPathComponent.hasPrefix("made-"))
    #expect(try Fixtures.temporaryDirectory("made") != folder)
    // A program the tests start keeps its temporary files there too.
    let made = try ProcessResult.runTool("mktemp", ["-d"])
    #expect(made.status == 0)
    let child = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(URL(fileURLWithPath: child).deletingLastPathComponent().path == root.path, "\(child)")
    guard let database = try TemporaryPostgresCluster.freshDatabase("root") else { return }
    #expect(database.contains("?host=\(root.path)/pg-"), "\(database)")
  }

  @Test("a test process leaves nothing behind, and removes roots no running process holds")
  func nothingLeftBehind() throws {
    // A temporary folder of its own for a child test process: a root left by a killed
    // process (its lock free), a root a running process holds (this test), another folder.
    let temporary = try Fixtures.temporaryDirectory("tmp")
    let stale = temporary.appendingPathComponent(TestFolderRoot.prefix + "999999999")
    try FileManager.default.createDirectory(
      at: stale.appendingPathComponent("left-1234"), withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: stale.appendingPathComponent("lock").path, contents: nil)
    let live = temporary.appendingPathComponent(TestFolderRoot.prefix + "1")
    try FileManager.default.createDirectory(at: live, withIntermediateDirectories: true)
    let lock = open(live.appendingPathComponent("lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    try #require(lock >= 0)
    defer { close(lock) }
    #expect(flock(lock, LOCK_EX | LOCK_NB) == 0)
    try FileManager.default.createDirectory(
      at: temporary.appendingPathComponent("other"), withIntermediateDirectories: false)

    // This test binary, running only the test above (folders, a program's, a cluster's).
    let binary = try #require(Bundle.main.executablePath)
    let run = try ProcessResult.runTool(
      "env",
      [
        "TMPDIR=\(temporary.path)", binary, "--testing-library", "swift-testing", "--filter",
        "TestFolderRootTests/foldersLiveUnderTheRoot",
      ])
    #expect(run.status == 0, "\(run.stderr)")
    // Swift Testing reports on stderr: the one test ran, and passed.
    #expect(run.stderr.contains("Test run with 1 test"), "\(run.stderr)")
    let left = try FileManager.default.contentsOfDirectory(atPath: temporary.path).sorted()
    #expect(left == [live.lastPathComponent, "other"])
  }
}
