import Foundation
import TestSupport
import Testing

@testable import Ingest

@Suite("Sources found on a thread of their own, as expanding the paths in turn finds them")
struct SourceFinderTests {
  @Test("the sources found are those of expanding each path in turn, in natural order")
  func sameAsExpanding() throws {
    let tricky = try TraceFormatDetectTests.trickyFolders()
    let tasks = try Fixtures.temporaryDirectory("tasks")
    for name in ["task10", "task2", "Task1", "task1 copy", "task01", "ä-task", "notes"] {
      let file = name == "notes" ? "README.txt" : "steps.jsonl"
      try TraceFormatDetectTests.write(
        #"{"id": "0"}"#, tasks.appendingPathComponent(name + "/" + file))
    }
    let paths = [
      tricky.path + "/trace", tasks.path, tricky.path + "/missing", tricky.path + "/empty",
      tricky.path + "/both", tricky.path + "/file.txt",
      tricky.path + "/../" + tricky.lastPathComponent + "/odd",
    ]
    let expected = paths.map(IngestSource.standardPath).flatMap(TraceFormat.sources(in:))
    let finder = SourceFinder(paths: paths)
    let found = Array(finder)
    #expect(found.map(\.path) == expected.map(\.path))
    #expect(found.map(\.format) == expected.map(\.format))
    #expect(finder.all.map(\.path) == expected.map(\.path))
    #expect(Array(finder).map(\.path) == expected.map(\.path))
    #expect(finder.hasMany)
    // The folders of `tasks` in natural order ("task2" before "task10"), unknown ones left out.
    let names = found.map(\.path).filter { $0.hasPrefix(tasks.path + "/") }.map {
      String($0.dropFirst(tasks.path.count + 1))
    }
    #expect(names.count == 6)
    #expect(names == names.sorted { $0.localizedStandardCompare($1) == .orderedAscending })
    #expect(try #require(names.firstIndex(of: "task2")) < #require(names.firstIndex(of: "task10")))
    #expect(found.last?.path == tricky.path + "/odd")
    #expect(found.last?.format == .trace)
  }

  @Test("one path: one source or several; none")
  func counts() throws {
    let tricky = try TraceFormatDetectTests.trickyFolders()
    let tasks = try Fixtures.temporaryDirectory("two-tasks")
    for name in ["a", "b"] {
      try TraceFormatDetectTests.write(
        #"{"id": "0"}"#, tasks.appendingPathComponent(name + "/steps.jsonl"))
    }
    let one = SourceFinder(paths: [tricky.path + "/trace"])
    #expect(!one.hasMany && one.all.count == 1 && one.source(at: 1) == nil)
    #expect(one.source(at: 0)?.format == .trace)
    let missing = SourceFinder(paths: [tricky.path + "/missing"])
    #expect(!missing.hasMany && missing.all.count == 1 && missing.all[0].format == nil)
    #expect(SourceFinder(paths: [tasks.path]).hasMany)
    #expect(SourceFinder(paths: [tasks.path]).all.count == 2)
    // The folder of the tricky ones holds one Mobile3M app: that app alone.
    #expect(SourceFinder(paths: [tricky.path]).all.map(\.path) == [tricky.path + "/app_graph_1"])
    let none = SourceFinder(paths: [])
    #expect(none.all.isEmpty && Array(none).isEmpty && !none.hasMany)
  }
}
