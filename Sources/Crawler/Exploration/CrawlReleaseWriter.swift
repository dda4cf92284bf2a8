import Foundation
import GraphStore
import Ingest

/// Writes a crawl in the Mobile3M release layout as it goes: a page folder for every screen
/// recorded (holding its whole replayed path, as the original's crawler wrote it), and the
/// app-level files (`all_page_id.json`, …) from the graph whenever the crawl stops.
struct CrawlReleaseWriter {
  /// `<directory>/<app>_graph_<id>`.
  let folder: String
  let app: String
  let launch: [String]
  let db: Database

  /// A writer into `directory`, whose app folder is made at once (a bad path fails before
  /// the crawl starts).
  init(directory: URL, app: String, appID: Int, package: String, db: Database) throws {
    folder = Mobile3MLayout.appFolder(in: directory.path, app: app, id: appID)
    try Mobile3MLayout.makeFolder(folder)
    self.app = app
    launch = Mobile3MLayout.launchCommands(package: package)
    self.db = db
  }

  /// The name of the first crawled screen of `page` (its unique page's name).
  func uniqueName(of page: Int64) throws -> String? {
    try db.firstCrawledName(page: page)
  }

  /// Writes the folder of the path's last screen.
  func writePage(_ path: [Mobile3MLayout.Screen]) throws {
    try Mobile3MLayout.writePage(path: path, launch: launch, in: folder)
  }

  /// Writes the app-level files from every screen the app's crawls recorded in the graph.
  func writeIndex(actionNumbers: [String: Int]) throws {
    let screens = try db.crawledScreens(app: app)
    var pageIDs: [String: Int] = [:]
    var firstName: [Int64: String] = [:]
    var all2unique: [String: String] = [:]
    var triples: [(parent: String, action: Int, child: String)] = []
    for screen in screens {
      let (name, page) = (screen.name, screen.page)
      guard pageIDs[name] == nil else { continue }
      pageIDs[name] = pageIDs.count
      let unique = firstName[page] ?? name
      firstName[page] = unique
      all2unique[name] = unique
      if let parent = screen.parentName,
        let number = name.split(separator: "_").last.flatMap({ Int($0) })
      {
        triples.append((parent, number, name))
      }
    }
    try Mobile3MLayout.writeIndex(
      pageIDs: pageIDs, actionIDs: actionNumbers, all2unique: all2unique, triples: triples,
      in: folder)
  }
}
