import Foundation
import TestSupport
import Testing

@testable import Ingest

@Suite("Lines read from a file opened once")
struct LineReaderTests {
  @Test("a missing file, a folder: errors naming the file; a trace folder's goal.txt read")
  func errors() throws {
    let folder = try Fixtures.temporaryDirectory("line-errors")
    let missing = folder.appendingPathComponent("steps.jsonl").path
    let absent = try #require(throws: IngestError.self) { try LineReader(path: missing) }
    #expect(absent.description == "\(missing): no such file")
    let inside = try #require(throws: IngestError.self) {
      try LineReader(path: folder.path + "/none/steps.jsonl")
    }
    #expect(inside.reason == "no such file")
    let isFolder = try #require(throws: IngestError.self) { try LineReader(path: folder.path) }
    #expect(isFolder.description == "\(folder.path): is a folder, not a file")
    // Through the trace reader: the same messages.
    let trace = try #require(throws: IngestError.self) {
      try TraceFolderReader.steps(in: folder.path)
    }
    #expect(trace.description == "\(missing): no such file")
  }

  @Test(
    "an unreadable file: permission denied",
    .enabled(if: getuid() != 0, "skipped: root reads any file"))
  func unreadable() throws {
    let folder = try Fixtures.temporaryDirectory("line-unreadable")
    let path = folder.appendingPathComponent("steps.jsonl").path
    try Data("{}\n".utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }
    let error = try #require(throws: IngestError.self) { try LineReader(path: path) }
    #expect(error.description == "\(path): cannot read the file (permission denied)")
  }

  @Test("read twice: the same lines; a file that grows after it is opened is read whole")
  func rereadAndGrowth() throws {
    let folder = try Fixtures.temporaryDirectory("line-growth")
    let path = folder.appendingPathComponent("log.txt").path
    try Data("one\r\ntwo".utf8).write(to: URL(fileURLWithPath: path))
    let reader = try LineReader(path: path)
    // Opened at 8 bytes; 300 KB of lines more before the first read (blocks sized for the
    // opened file: they must not cut what follows).
    let more = (0..<30_000).map { "line \($0) " + String(repeating: "x", count: $0 % 7) }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(("\n" + more.joined(separator: "\n") + "\n").utf8))
    try handle.close()
    let expected = ["one", "two"] + more
    #expect(Array(reader).map(\.1) == expected)
    #expect(Array(reader).map(\.1) == expected)
    #expect(Array(reader).map(\.0) == Array(1...expected.count))
  }

  @Test("lines across blocks, carriage returns, a blank last line, and an empty file")
  func blocks() throws {
    let folder = try Fixtures.temporaryDirectory("line-blocks")
    let path = folder.appendingPathComponent("log.txt").path
    // Lines of every length around the 64 KB block, each ended by one or two CRs or none.
    var lines: [String] = []
    var text = ""
    for index in 0..<40 {
      let line = String(repeating: "ab", count: 1000 * index + index)
      lines.append(line)
      text += line + String(repeating: "\r", count: index % 3) + "\n"
    }
    text += "\r\n\nlast"
    lines += ["", "", "last"]
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    #expect(Array(try LineReader(path: path)).map(\.1) == lines)
    let empty = folder.appendingPathComponent("empty.txt").path
    try Data().write(to: URL(fileURLWithPath: empty))
    #expect(Array(try LineReader(path: empty)).isEmpty)
  }

  @Test("a trace's goal.txt, trimmed, before the lines' goal; the folder's name as the app")
  func goalAndApp() throws {
    let folder = try Fixtures.temporaryDirectory("goal-trace").appendingPathComponent("my.app")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(#"{"id": "0", "xml": "0.xml", "goal": "from the line"}"#.utf8).write(
      to: folder.appendingPathComponent("steps.jsonl"))
    let fromLine = Array(try TraceFolderReader.steps(in: folder.path))
    #expect(fromLine.map(\.goal) == ["from the line"] && fromLine.map(\.app) == ["my.app"])
    try Data("  Open the settings \n".utf8).write(to: folder.appendingPathComponent("goal.txt"))
    #expect(
      Array(try TraceFolderReader.steps(in: folder.path)).map(\.goal) == ["Open the settings"])
    // Not UTF-8: no goal.txt (as Foundation's reading said), the line's goal.
    try Data([0x63, 0x61, 0x66, 0xE9]).write(to: folder.appendingPathComponent("goal.txt"))
    #expect(Array(try TraceFolderReader.steps(in: folder.path)).map(\.goal) == ["from the line"])
    // A relative folder: named as URL names it.
    let relative = Array(try TraceFolderReader.steps(in: folder.path + "/../my.app"))
    #expect(relative.map(\.app) == ["my.app"])
  }
}
