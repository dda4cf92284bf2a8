import Crawler
import Foundation
import GraphStore
import Ingest
import Screenshots
import SyntheticApps
import UIHierarchy

/// The graphs closed-loop play uses on a simulated app: a crawl of the whole app (the reference
/// that goals are drawn from and plays are judged by, and the "same app" memory), and crawls
/// that hold goals out.
public enum PlayMemory {
  /// Crawls `app` on a fresh simulated device to the end (back-navigation mode) into a new graph
  /// `folder/<name>.sqlite`, never acting on an element whose compact-HTML line contains one of
  /// `skipping` (the crawler's skip keywords); screens go to `folder/<name>.screens`.
  public static func crawl(
    _ app: AppDefinition, skipping: [String] = [], folder: URL, name: String
  ) throws -> Database {
    let device = SimulatedDevice(app: app)
    var options = ExplorerOptions()
    options.useBack = true
    options.inputKeywords = app.keywords ?? []
    options.skipKeywords += skipping
    let path = folder.appendingPathComponent(name + ".sqlite").path
    let db = try Database(path: path)
    _ = try Explorer(
      device: device, package: app.package, name: app.name, database: db,
      work: folder.appendingPathComponent(name + ".screens"), options: options
    ).run()
    return db
  }

  /// The skip keywords that hold `goal` out of a crawl: the goal's words and the label (text,
  /// else content-desc, else resource id) of every element whose recorded action led to the goal
  /// page in `reference`.
  public static func holdOutKeywords(for goal: PlayGoal, in reference: Database) throws
    -> [String]
  {
    var keywords = [goal.target]
    for way in try reference.leadsTo(page: goal.page, limit: 1000) {
      guard let element = way.element else { continue }
      let label = [element.text, element.contentDescription, element.resourceID].first {
        !$0.isEmpty
      }
      if let label, !keywords.contains(label) { keywords.append(label) }
    }
    return keywords
  }

  /// Whether `memory` holds the reference page `page`: its first recorded screen (dump and
  /// screenshot) looked up in `memory` by the ingest identity rule finds a page.
  public static func holds(_ page: Int64, of reference: Database, in memory: Database) throws
    -> Bool
  {
    guard let details = try reference.pageDetails(page), let xml = details.xmlPath else {
      return false
    }
    let tree = try UITree(contentsOf: xml)
    let image = details.screenshotPath.flatMap { path in
      FileManager.default.contents(atPath: path).flatMap {
        try? RGBAImage(imageData: [UInt8]($0), source: path)
      }
    }
    return try StoredPageLookup.find(tree, screenshot: image, in: memory).page != nil
  }
}
