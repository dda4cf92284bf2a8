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
    try db.fetchOne(
      """
      SELECT v.name FROM visit v JOIN source s ON s.id = v.source_id
      WHERE v.page_id = ? AND s.format = 'crawl' AND v.name IS NOT NULL ORDER BY v.id LIMIT 1
      """, [.integer(page)])?.first?.string
  }

  /// Writes the folder of the path's last screen.
  func writePage(_ path: [Mobile3MLayout.Screen]) throws {
    try Mobile3MLayout.writePage(path: path, launch: launch, in: folder)
  }

  /// Writes the app-level files from every screen the app's crawls recorded in the graph.
  func writeIndex(actionNumbers: [String: Int]) throws {
    let rows = try db.fetchAll(
      """
      SELECT v.name, v.page_id, parent.name
      FROM visit v JOIN source s ON s.id = v.source_id JOIN app a ON a.id = v.app_id
      LEFT JOIN visit parent ON parent.id = v.parent_visit_id
      WHERE s.format = 'crawl' AND a.name = ? AND v.name IS NOT NULL ORDER BY v.id
      """, [.text(app)])
    var pageIDs: [String: Int] = [:]
    var firstName: [Int64: String] = [:]
    var all2unique: [String: String] = [:]
    var triples: [(parent: String, action: Int, child: String)] = []
    for row in rows {
      guard let name = row[0].string, let page = row[1].int64, pageIDs[name] == nil else {
        continue
      }
      pageIDs[name] = pageIDs.count
      let unique = firstName[page] ?? name
      firstName[page] = unique
      all2unique[name] = unique
      if let parent = row[2].string,
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
