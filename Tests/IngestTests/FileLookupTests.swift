import Foundation
import TestSupport
import Testing

@testable import Ingest

@Suite("Look-ups of the file system give what FileManager and URL give")
struct FileLookupTests {
  /// A folder of awkward names: dot files, spaces, non-ASCII, a dangling link, a link to a
  /// folder, a subfolder.
  private func awkwardFolder() throws -> URL {
    let root = try Fixtures.temporaryDirectory("lookup")
    let manager = FileManager.default
    for name in [".hidden", "a b.txt", "ünïcode.json", "Task_1.XML", "steps.jsonl", "中文.xml"] {
      try Data("x".utf8).write(to: root.appendingPathComponent(name))
    }
    try manager.createDirectory(
      at: root.appendingPathComponent("sub folder"), withIntermediateDirectories: true)
    try manager.createSymbolicLink(
      atPath: root.appendingPathComponent("dangling").path, withDestinationPath: "/nonexistent")
    try manager.createSymbolicLink(
      atPath: root.appendingPathComponent("linked").path,
      withDestinationPath: root.appendingPathComponent("sub folder").path)
    return root
  }

  @Test("names: FileManager's listing; nil for a missing folder or a file")
  func names() throws {
    let root = try awkwardFolder()
    let listed = try #require(FileLookup.names(in: root.path))
    #expect(
      listed.sorted() == (try FileManager.default.contentsOfDirectory(atPath: root.path)).sorted())
    #expect(listed.count == 9)
    #expect(FileLookup.names(in: root.path + "/missing") == nil)
    #expect(FileLookup.names(in: root.path + "/a b.txt") == nil)
  }

  @Test("kind and exists: FileManager.fileExists, links followed")
  func kinds() throws {
    let root = try awkwardFolder()
    for name in try FileManager.default.contentsOfDirectory(atPath: root.path) + ["missing"] {
      let path = root.path + "/" + name
      var isFolder: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
      #expect(FileLookup.exists(path) == exists, "\(name)")
      #expect(FileLookup.kind(path) == (exists ? (isFolder.boolValue ? .folder : .file) : nil))
    }
    #expect(FileLookup.kind(root.path + "/linked") == .folder)
    #expect(FileLookup.kind(root.path + "/dangling") == nil)
  }

  @Test("lastComponent: URL(fileURLWithPath:).lastPathComponent, plain paths or not")
  func lastComponent() throws {
    let root = try awkwardFolder()
    let paths = [
      root.path, root.path + "/sub folder", root.path + "/linked", root.path + "/ünïcode.json",
      "/a/b", "/a/b/", "/a/./b", "/a/../b", "/a//b", "relative/x", "x", "/a/b%20c", "/a/b.c",
      "/task_system_2024-05-14_21-52-51", "/a/b~c@d=e,f+g",
    ]
    for path in paths {
      #expect(
        FileLookup.lastComponent(path) == URL(fileURLWithPath: path).lastPathComponent, "\(path)")
      // The name of a folder given as one (a trace folder's app).
      #expect(
        FileLookup.lastComponent(path)
          == URL(fileURLWithPath: path, isDirectory: true).lastPathComponent, "\(path)")
    }
  }

  @Test("text: what String(contentsOfFile:) gives, nil where it throws")
  func text() throws {
    let root = try Fixtures.temporaryDirectory("lookup-text")
    let files: [(String, [UInt8])] = [
      ("plain.txt", Array("Open the settings\n".utf8)),
      ("empty.txt", []),
      ("bom.txt", [0xEF, 0xBB, 0xBF] + Array("goal".utf8)),
      ("latin1.txt", [0x63, 0x61, 0x66, 0xE9]),
      ("chinese.txt", Array("打开设置".utf8)),
      ("large.txt", Array(repeating: UInt8(ascii: "a"), count: 3000)),
    ]
    for (name, bytes) in files {
      try Data(bytes).write(to: root.appendingPathComponent(name))
    }
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("folder.txt"), withIntermediateDirectories: true)
    for name in files.map(\.0) + ["folder.txt", "missing.txt"] {
      let path = root.path + "/" + name
      let foundation = try? String(contentsOfFile: path, encoding: .utf8)
      #expect(FileLookup.text(path) == foundation, "\(name)")
      // Over the limit: read through Foundation, the same text.
      #expect(FileLookup.text(path, limit: 2) == foundation, "\(name)")
    }
    #expect(FileLookup.text(root.path + "/plain.txt") == "Open the settings\n")
    #expect(FileLookup.text(root.path + "/latin1.txt") == nil)
  }
}
