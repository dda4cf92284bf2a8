import FileIO
import Foundation
import TestSupport
import Testing

/// The output rules: a file appears only when complete, and an input, a symbolic link, a
/// folder, a device or a FIFO is refused before anything is written.
@Suite("OutputFile")
struct OutputFileTests {
  let folder: URL
  init() throws { folder = try Fixtures.temporaryDirectory("output-file") }

  func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

  /// The folder's entries (temporary files included: they start with a dot).
  func entries() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  }

  @Test("the file appears only at commit; until then an existing file keeps its bytes")
  func appearsWhenComplete() throws {
    let target = path("x.txt")
    try Data("old".utf8).write(to: URL(fileURLWithPath: target))
    let file = try OutputFile(path: target)
    try file.write("new ")
    try file.write("bytes")
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "old")
    try file.commit()
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "new bytes")
    #expect(try entries() == ["x.txt"])
  }

  @Test("a file dropped without a commit leaves the old bytes and no temporary file")
  func droppedWithoutCommit() throws {
    let target = path("keep.txt")
    try Data("keep".utf8).write(to: URL(fileURLWithPath: target))
    do {
      let file = try OutputFile(path: target)
      try file.write("partial")
      #expect(try entries().count == 2)
    }
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")
    #expect(try entries() == ["keep.txt"])
    let fresh = path("fresh.txt")
    do {
      let file = try OutputFile(path: fresh)
      file.discard()
    }
    #expect(!FileManager.default.fileExists(atPath: fresh))
  }

  @Test("a replaced file keeps its permissions")
  func keepsPermissions() throws {
    let target = path("mode.txt")
    try Data("old".utf8).write(to: URL(fileURLWithPath: target))
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: target)
    try OutputFile.write(Data("new".utf8), to: target)
    let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions]
    #expect((mode as? NSNumber)?.intValue == 0o640)
  }

  @Test("a symbolic link is refused; the link and its target are unchanged")
  func refusesSymlink() throws {
    let target = path("target.txt")
    try Data("target".utf8).write(to: URL(fileURLWithPath: target))
    let link = path("link.txt")
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    #expect(throws: OutputError.self) { try OutputFile.write(Data("x".utf8), to: link) }
    do {
      try OutputFile.write(Data("x".utf8), to: link)
    } catch let error as OutputError {
      #expect(error.description.contains("symbolic link"), "\(error)")
      #expect(error.description.hasPrefix("cannot write \(link): "))
    }
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "target")
    #expect(try entries() == ["link.txt", "target.txt"])
  }

  @Test("a FIFO, a device and a folder are refused and left as they are")
  func refusesSpecialFiles() throws {
    let fifo = path("pipe")
    #expect(mkfifo(fifo, 0o644) == 0)
    for special in [fifo, "/dev/full", "/dev/null"] {
      #expect(throws: OutputError.self) { _ = try OutputFile(path: special) }
      do {
        _ = try OutputFile(path: special)
      } catch let error as OutputError {
        #expect(error.reason.contains("not a regular file"), "\(error)")
      }
    }
    var status = stat()
    #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    #expect(lstat("/dev/full", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
    #expect(try entries() == ["pipe"])
    #expect(throws: OutputError(path: folder.path, reason: "it is a folder")) {
      _ = try OutputFile(path: folder.path)
    }
  }

  @Test("an input is refused however it is spelled (.., a hard link)")
  func refusesInput() throws {
    let input = path("graph.sqlite")
    try Data("graph".utf8).write(to: URL(fileURLWithPath: input))
    let respelled = folder.path + "/../" + folder.lastPathComponent + "/graph.sqlite"
    let hardLink = path("hard.sqlite")
    #expect(link(input, hardLink) == 0)
    for output in [input, respelled, hardLink] {
      do {
        _ = try OutputFile(path: output, inputs: [input])
        Issue.record("\(output) was accepted")
      } catch let error as OutputError {
        #expect(error.reason.contains("also an input of this command"), "\(error)")
      }
    }
    #expect(try String(contentsOfFile: input, encoding: .utf8) == "graph")
    #expect(try entries() == ["graph.sqlite", "hard.sqlite"])
    // A different file, or an input that does not exist, is fine.
    try OutputFile.write(Data("x".utf8), to: path("other"), inputs: [input, path("absent")])
  }

  @Test("a missing folder or a file in the way is named in the reason")
  func missingFolder() throws {
    let missing = folder.appendingPathComponent("nodir").path
    #expect(
      throws: OutputError(path: missing + "/x.png", reason: "folder \(missing) does not exist")
    ) {
      try OutputFile.write(Data(), to: missing + "/x.png")
    }
    let file = path("file")
    try Data().write(to: URL(fileURLWithPath: file))
    #expect(throws: OutputError(path: file + "/x.png", reason: "\(file) is not a folder")) {
      try OutputFile.write(Data(), to: file + "/x.png")
    }
    #expect(throws: OutputError.self) { try OutputFile.write(Data(), to: "-") }
  }
}
