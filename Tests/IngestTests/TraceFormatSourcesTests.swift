import Foundation
import Ingest
import TestSupport
import Testing

@Suite("Sources found with their layouts")
struct TraceFormatSourcesTests {
  /// A folder holding a trace folder, a bare-dump folder, a folder of nothing known, and a file.
  private func folderOfTraces() throws -> URL {
    let root = try Fixtures.temporaryDirectory("sources")
    let manager = FileManager.default
    let trace = root.appendingPathComponent("b-trace")
    try manager.createDirectory(at: trace, withIntermediateDirectories: true)
    try #"{"id": "0", "app": "com.example", "xml": "0.xml"}"#.write(
      to: trace.appendingPathComponent("steps.jsonl"), atomically: true, encoding: .utf8)
    let dumps = root.appendingPathComponent("a-dumps")
    try manager.createDirectory(at: dumps, withIntermediateDirectories: true)
    try #"<hierarchy rotation="0"><node class="android.widget.FrameLayout"/></hierarchy>"#.write(
      to: dumps.appendingPathComponent("home.xml"), atomically: true, encoding: .utf8)
    try manager.createDirectory(
      at: root.appendingPathComponent("c-notes"), withIntermediateDirectories: true)
    try "hello".write(
      to: root.appendingPathComponent("README.txt"), atomically: true, encoding: .utf8)
    return root
  }

  @Test("a folder of trace folders: each recognised one with the layout detect gives it")
  func folderOfTraceFolders() throws {
    let root = try folderOfTraces()
    let sources = TraceFormat.sources(in: root.path)
    #expect(sources.map(\.path) == ["a-dumps", "b-trace"].map { root.path + "/" + $0 })
    #expect(sources.map(\.format) == [.dumps, .trace])
    for source in sources {
      #expect(try TraceFormat.detect(source.path) == source.format)
    }
    #expect(TraceFormat.expand(root.path) == sources.map(\.path))
  }

  @Test("a trace folder is its own source; an unknown folder is left for detect to explain")
  func singleSources() throws {
    let root = try folderOfTraces()
    let trace = root.appendingPathComponent("b-trace").path
    #expect(TraceFormat.sources(in: trace).map(\.path) == [trace])
    #expect(TraceFormat.sources(in: trace).map(\.format) == [.trace])
    let notes = root.appendingPathComponent("c-notes").path
    #expect(TraceFormat.sources(in: notes).map(\.path) == [notes])
    #expect(TraceFormat.sources(in: notes).map(\.format) == [nil])
    #expect(throws: IngestError.self) { try TraceFormat.detect(notes) }
  }
}
