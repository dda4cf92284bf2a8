import Foundation
import GraphStore
import Ingest
import TestSupport
import Testing

@Suite("Leads-to queries")
struct LeadsToTests {
  @Test("ranks the elements that reached a page by count, then reliability")
  func ranking() throws {
    // home → settings by "Settings" twice, once it did nothing (a self-loop); list → settings once.
    let home = ["Home", "Settings", "List"]
    let settings = ["Settings page", "Wi-Fi", "Display", "Sound"]
    let list = ["List page", "Item 1", "Item 2", "Item 3", "Item 4"]
    let episode = try writeEpisode([home, settings, home, settings, list, settings, home, home])
    let db = try Database(path: ":memory:")
    _ = try GraphIngester(database: db).ingest(
      EpisodeReader.steps(in: episode), source: episode, format: "episode")
    let settingsPage = try #require(try db.resolvePage("step_1"))
    #expect(try db.resolvePage("step_3") == settingsPage)
    let homePage = try #require(try db.resolvePage("step_0"))
    let listPage = try #require(try db.resolvePage("step_4"))
    // Screen k's action leads to screen k + 1; screen 0's action is not recorded. The tap on
    // "Home" reached settings once and did nothing once (a self-loop): reliability 1/2.
    let answers = try db.leadsTo(page: settingsPage)
    #expect(answers.map(\.fromPage) == [homePage, listPage, homePage])
    #expect(answers.map(\.actionType) == ["unknown", "click", "click"])
    #expect(answers.map { $0.element?.text } == [nil, "List page", "Home"])
    #expect(answers.map(\.attempts) == [1, 1, 2])
    #expect(answers.map(\.reliability) == [1, 1, 0.5])
    #expect(answers[2].element?.bounds == "[0,40][200,80]")
    #expect(try db.resolvePage("nope") == nil)
    #expect(try db.nearestPageNames(to: "step_l").contains("step_1"))
    #expect(try db.pages(containing: "Wi-Fi") == [settingsPage])
  }
}
