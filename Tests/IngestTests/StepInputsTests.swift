import Foundation
import TestSupport
import Testing

@testable import Ingest
@testable import UIHierarchy

/// What a step's preparation reads: its dump file, its compact HTML's line hashes, and the
/// path its source is known by.
@Suite("A step's dump, line hashes and source path")
struct StepInputsTests {
  /// Some real dumps (when ../shared/realdata is present) and the repository's examples.
  static let dumps: [String] = {
    let examples = Fixtures.repositoryRoot.appendingPathComponent("Examples")
    let real =
      Fixtures.hasRealData ? Fixtures.files(under: Fixtures.realData, suffixes: [".xml"]) : []
    return (real + Fixtures.files(under: examples, suffixes: [".xml"])).map(\.path)
  }()

  @Test("line hashes hashed where the lines are rendered equal the hashes of the lines")
  func lineHashesOfTree() throws {
    var compared = 0
    for path in Self.dumps {
      guard let tree = try? UITree(contentsOf: path) else { continue }
      let lines = CompactHTML(tree).lines
      let hashes = LineHashes(compactHTMLOf: tree)
      #expect(hashes == LineHashes(lines), "\(path)")
      #expect(hashes.all == lines.map(LineHashes.hash), "\(path)")
      #expect(hashes.distinct == Array(Set(hashes.all)).sorted(), "\(path)")
      compared += 1
    }
    #expect(compared >= 1)
    if !Fixtures.hasRealData { print(Fixtures.realDataMissing) }
  }

  @Test("distinct hashes are sorted, without repeats, from any order")
  func distinctHashes() {
    let hashes = LineHashes(distinct: [5, 1, 5, 3, 1, 9, 9, 9])
    #expect(hashes.distinct == [1, 3, 5, 9])
    #expect(LineHashes(distinct: []).distinct.isEmpty)
    #expect(LineHashes(["b", "a", "b"]).distinct.count == 2)
    #expect(LineHashes(["b", "a", "b"]).all.count == 3)
  }

  @Test("a dump file is read whole, byte for byte, and fails naming why")
  func dumpFile() throws {
    let folder = try Fixtures.temporaryDirectory()
    let empty = folder.appendingPathComponent("empty.xml").path
    #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
    let cases: [(String, UIHierarchyError.Reason?)] = [
      (folder.appendingPathComponent("missing.xml").path, .unreadable("no such file")),
      (folder.path, .unreadable("is a directory")),
      (folder.appendingPathComponent("missing/inside.xml").path, .unreadable("no such file")),
      (empty, nil),
    ]
    for (path, reason) in cases {
      var got: UIHierarchyError?
      do { _ = try UITree(contentsOf: path) } catch { got = error as? UIHierarchyError }
      #expect(got?.source == path, "\(path)")
      if let reason { #expect(got?.reason == reason, "\(path)") }
    }
    for path in Self.dumps.prefix(20) {
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      #expect(try DumpFile.contents(path) == [UInt8](data))
      #expect(try UITree(contentsOf: path) == UITree(parsing: data, source: path))
    }
    // Hundreds of kilobytes, not a dump: read whole, byte for byte.
    let large = folder.appendingPathComponent("large.xml").path
    let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    #expect(FileManager.default.createFile(atPath: large, contents: Data(bytes)))
    #expect(try DumpFile.contents(large) == bytes)
  }

  @Test("a source's path is made absolute and standard as URL makes it, quickly when it is")
  func standardPath() {
    let paths = [
      "/tmp/s7-xml/real/small-xml/000-tasks-task_system_2024-05-14_21-57-24", "/a/b", "/",
      "/a/b/", "/a//b", "/a/./b", "/a/../b", "/a/b/.", "/a/b/..", "/a/...", "/a/.b/c.d",
      "/a/b c", "/a/%41", "/a/ü", "relative/path", ".", "..", "", "/a/b#c", "/a/b?c", "/.a",
      "/a/..b", "/a/b..",
    ]
    for path in paths {
      #expect(
        IngestSource.standardPath(path) == URL(fileURLWithPath: path).standardizedFileURL.path,
        "\(path)")
    }
    #expect(IngestSource.isStandardAbsolute("/tmp/s7-xml/real/x_1-2"))
    #expect(!IngestSource.isStandardAbsolute("/a/./b"))
    #expect(!IngestSource.isStandardAbsolute("/a/b/"))
    #expect(IngestSource.isStandardAbsolute("/a/..."))
  }
}
