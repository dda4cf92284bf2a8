import Foundation
import GraphStore
import Ingest
import TestSupport
import Testing

/// Text search finds the elements of every page ingest writes, whichever path wrote them:
/// traces (one writer, several jobs), a merge of graphs, a live session's steps. Each commits
/// its elements' text index entries with them (``ElementTextCheck``).
@Suite("Text search over ingested, merged and live-recorded pages")
struct IngestTextSearchTests {
  let inbox = ["Inbox", "Compose", "Drafts"]
  let settings = ["Settings", "Wi-Fi", "蓝牙设置"]
  let sent = ["Sent", "Outbox", "Archive"]

  @Test("search finds what ingest and merge wrote; the index is complete", arguments: [1, 3])
  func ingestAndMerge(jobs: Int) throws {
    let folder = try Fixtures.temporaryDirectory("ingest-search")
    let episode = try writeEpisode([inbox, settings, inbox, sent])
    let recorded = try Database(path: folder.appendingPathComponent("a.sqlite").path)
    var options = GraphIngester.Options()
    options.jobs = jobs
    options.batchSize = 2
    let summary = try GraphIngester(database: recorded, options: options).ingest(
      EpisodeReader.steps(in: episode, app: "mail"), source: episode, format: "episode")
    #expect(summary.newPages == 3)
    #expect(try recorded.search("Compose").map(\.element.text) == ["Compose"])
    #expect(try recorded.search("蓝牙设置").map(\.page) == [2])
    #expect(try recorded.search("app:id/row", limit: 100).count == 9)
    #expect(try ElementTextCheck.differences(in: recorded).isEmpty)

    let merged = try Database(path: folder.appendingPathComponent("m.sqlite").path)
    let merging = try GraphIngester(database: merged, options: options)
    #expect(try GraphMerger.merge(recorded, into: merging).newPages == 3)
    for query in ["Compose", "蓝牙设置", "Outbox", "app:id/row"] {
      #expect(
        try merged.search(query, limit: 100) == recorded.search(query, limit: 100), "\(query)")
    }
    #expect(try ElementTextCheck.differences(in: merged).isEmpty)
  }

  @Test("search finds the pages a live session records, each step committed with its index")
  func liveSession() throws {
    let folder = try Fixtures.temporaryDirectory("live-search")
    let episode = try writeEpisode([inbox, sent])
    let db = try Database(path: folder.appendingPathComponent("g.sqlite").path)
    let session = try GraphIngester(database: db).session(source: "live", format: "session")
    let first = try session.add(
      TraceStep(record: "1", app: "mail", xmlPath: episode + "/ui_trees/step_0_ui.xml"))
    #expect(first?.isNewPage == true)
    #expect(try db.search("Drafts").map(\.page) == [first?.page].compactMap { $0 })
    #expect(try db.search("Archive").isEmpty)
    let second = try session.add(
      TraceStep(
        record: "2", app: "mail", parentRecord: "1",
        xmlPath: episode + "/ui_trees/step_1_ui.xml", action: TraceAction(type: "click")))
    #expect(try db.search("Archive").map(\.page) == [second?.page].compactMap { $0 })
    #expect(try ElementTextCheck.differences(in: db).isEmpty)
  }
}
