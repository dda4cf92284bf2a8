import Foundation
import TestSupport
import Testing

@testable import Ingest

@Suite("Layouts recognised with few look-ups, as FileManager's look-ups recognise them")
struct TraceFormatDetectTests {
  /// The layout `path` was recognised as with FileManager's look-ups (how `detect` looked
  /// before it listed the folder first), nil where detect throws.
  static func detectedWithFileManager(_ path: String) -> TraceFormat? {
    let manager = FileManager.default
    var isFolder: ObjCBool = false
    guard manager.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
      return nil
    }
    if manager.fileExists(atPath: path + "/record.json") { return .episode }
    let listing = (try? manager.contentsOfDirectory(atPath: path)) ?? []
    if AitZReader.recognises(path, listing: listing) { return .aitz }
    if AppAgentReader.recognises(path, listing: listing) { return .appagent }
    if manager.fileExists(atPath: path + "/all_page_id.json") { return .mobile3m }
    if manager.fileExists(atPath: path + "/steps.jsonl") { return .trace }
    if DroidBotReader.recognises(path) { return .droidbot }
    if LlamaTouchReader.recognises(path) { return .llamatouch }
    if DumpFolderReader.recognises(path) { return .dumps }
    return nil
  }

  static func write(_ text: String, _ url: URL) throws {
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  /// Folders that tell the order of the tests apart, and files a listing holds that are not
  /// there (a dangling link).
  static func trickyFolders() throws -> URL {
    let root = try Fixtures.temporaryDirectory("tricky")
    let step = #"{"id": "0", "app": "x", "xml": "0.xml"}"#
    // record.json and steps.jsonl: an episode.
    try Self.write("{}", root.appendingPathComponent("both/record.json"))
    try Self.write(step, root.appendingPathComponent("both/steps.jsonl"))
    // steps.jsonl as a dangling link: not a trace; its dump makes it a folder of dumps.
    let dangling = root.appendingPathComponent("dangling")
    try Self.write("<hierarchy/>", dangling.appendingPathComponent("0.xml"))
    try FileManager.default.createSymbolicLink(
      atPath: dangling.appendingPathComponent("steps.jsonl").path,
      withDestinationPath: "/nonexistent/steps.jsonl")
    // steps.jsonl as a folder: still a trace (its reader says why it cannot be read).
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("odd/steps.jsonl"), withIntermediateDirectories: true)
    // An AppAgent task's screens beside steps.jsonl: AppAgent comes first.
    try Self.write("<hierarchy/>", root.appendingPathComponent("task/task_1.xml"))
    try Self.write(step, root.appendingPathComponent("task/steps.jsonl"))
    // A Mobile3M page index beside steps.jsonl, and a trace alone.
    try Self.write("{}", root.appendingPathComponent("app_graph_1/all_page_id.json"))
    try Self.write(step, root.appendingPathComponent("app_graph_1/steps.jsonl"))
    try Self.write(step, root.appendingPathComponent("trace/steps.jsonl"))
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("empty"), withIntermediateDirectories: true)
    try Self.write("notes", root.appendingPathComponent("file.txt"))
    return root
  }

  @Test("detect gives the layout FileManager's look-ups give, on tricky folders")
  func detectOnTrickyFolders() throws {
    let root = try Self.trickyFolders()
    var detected: [String: TraceFormat] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: root.path) + ["missing"] {
      let path = root.path + "/" + name
      #expect((try? TraceFormat.detect(path)) == Self.detectedWithFileManager(path), "\(name)")
      detected[name] = try? TraceFormat.detect(path)
    }
    #expect(
      detected == [
        "both": .episode, "dangling": .dumps, "odd": .trace, "task": .appagent,
        "app_graph_1": .mobile3m, "trace": .trace,
      ])
    let errors = try ["missing", "file.txt", "empty"].map { name in
      try #require(throws: IngestError.self) { try TraceFormat.detect(root.path + "/" + name) }
    }
    #expect(
      errors.map(\.description) == [
        root.path + "/missing: no such file or folder",
        root.path + "/file.txt: expected a trace folder, got a file",
        root.path + "/empty: unknown trace layout (expected record.json, log_*.txt, steps.jsonl, "
          + "all_page_id.json, utg.js, eventStructs.txt, *.xml dumps or an AitZ episode .json)",
      ])
  }

  @Test(
    "detect gives the layout FileManager's look-ups give, on every folder of the real data",
    .enabled(if: Fixtures.hasRealData, "\(Fixtures.realDataMissing)"))
  func detectOnRealData() throws {
    let root = Fixtures.realData.path
    let folders = try FileManager.default.subpathsOfDirectory(atPath: root).map {
      root + "/" + $0
    }.filter { FileLookup.kind($0) == .folder }
    #expect(folders.count > 20)
    var recognised = 0
    for folder in folders {
      let format = try? TraceFormat.detect(folder)
      #expect(format == Self.detectedWithFileManager(folder), "\(folder)")
      if format != nil { recognised += 1 }
    }
    #expect(recognised > 5)
  }
}
