import Foundation
import Geometry
import Ingest
import Screenshots
import UIHierarchy

/// Writes a synthetic app's pages in the Mobile3M release layout, as the original crawler
/// would have: pages named by their action path from the root (`notes0_3_7`), expanded breadth
/// first, each unique page expanded once; every page folder holds the whole replayed path
/// (`p-xml.txt`, `p-html.txt`, `p-screen.png`, `p.json` for every prefix p), captured anew, so
/// the volatile clock differs between copies.
///
/// The app-level files are `all_page_id.json`, `all_action_id.json`, `data_all2unique.json`,
/// `data_unique2all.json` (double-encoded, as the release does) and `all_triple.json` (plain).
/// The unique map written is the ground truth of the definition (which page each visit shows),
/// so m3m's own dedup can be checked against it. Deterministic: the same definition gives the
/// same bytes.
public struct Mobile3MDatasetWriter {
  /// The app.
  public var app: AppDefinition
  /// Mobile3M's app id, used in the folder name (`<name>_graph_<id>`).
  public var appID = 8000
  /// Pages deeper than this are recorded but not expanded (root = 1).
  public var maxDepth = 4
  /// The renderer.
  public var renderer = ScreenRenderer()

  /// A writer for `app`.
  public init(app: AppDefinition) { self.app = app }

  /// What was written.
  public struct Summary: Sendable, Codable {
    /// The app folder.
    public var folder: String
    /// Pages (visits) written.
    public var pages: Int
    /// Unique pages among them.
    public var uniquePages: Int
    /// Distinct actions.
    public var actions: Int
  }

  /// Writes the dataset under `directory`.
  public func write(to directory: String) throws -> Summary {
    let folder = Mobile3MLayout.appFolder(in: directory, app: app.name, id: appID)
    try Mobile3MLayout.makeFolder(folder)
    var pageIDs: [String: Int] = [:]
    var actionIDs: [String: Int] = [:]
    var all2unique: [String: String] = [:]
    var firstVisit: [String: String] = [:]  // definition page id → first page name
    var triples: [(parent: String, action: Int, child: String)] = []
    var pageOf: [String: String] = [:]  // page name → definition page id
    var captures = 0
    var pngCache: [String: [UInt8]] = [:]

    // One capture of a page: its dump, HTML, screenshot; the clock ticks between captures.
    func capture(_ pageID: String) throws -> (xml: String, tree: UITree, png: [UInt8]) {
      let page = app.pages[pageID]!
      let clock = "12:3\(captures % 3)"
      captures += 1
      let xml = renderer.xml(page, app: app, clock: clock)
      let tree = try UITree(parsing: Array(xml.utf8), source: pageID)
      let key = pageID + clock
      let png = try pngCache[key] ?? renderer.screenshot(page, clock: clock).pngData(fast: false)
      pngCache[key] = png
      return (xml, tree, png)
    }

    func writePageFolder(_ name: String, path: [String], history: [String], actionSpace: [String])
      throws
    {
      let screens = try path.enumerated().map { depth, prefix in
        let shot = try capture(pageOf[prefix]!)
        return Mobile3MLayout.Screen(
          name: prefix, xml: shot.xml, html: CompactHTML(shot.tree).text, png: shot.png,
          uniqueName: all2unique[prefix] ?? prefix, history: Array(history.prefix(depth)),
          actionSpace: prefix == name ? actionSpace : [])
      }
      try Mobile3MLayout.writePage(
        path: screens,
        launch: Mobile3MLayout.launchCommands(package: app.package),
        in: folder)
    }

    let rootName = "\(app.name)0"
    pageOf[rootName] = app.root
    pageIDs[rootName] = 0
    all2unique[rootName] = rootName
    firstVisit[app.root] = rootName
    var queue: [(name: String, path: [String], history: [String])] = [(rootName, [rootName], [])]
    var written = Set<String>()
    var head = 0
    while head < queue.count {
      let (name, path, history) = queue[head]
      head += 1
      let pageID = pageOf[name]!
      let shot = try capture(pageID)
      let page = app.pages[pageID]!
      let boxes = renderer.layout(page)
      let actions = ActionSpace(shot.tree, inputKeywords: app.keywords ?? []).actions
      try writePageFolder(
        name, path: path, history: history, actionSpace: actions.map(\.mobile3MString))
      written.insert(name)
      // Only unique pages are expanded, and only down to maxDepth.
      guard all2unique[name] == name, path.count < maxDepth else { continue }
      for action in actions {
        guard let node = action.nodeIndex, let box = shot.tree.nodes[node].bounds,
          let elementIndex = boxes.firstIndex(where: { $0.intersection(box) != nil })
        else { continue }
        let element = page.elements[elementIndex]
        // Tapping a text field only focuses it; typing (input) or a scroll leads on.
        let target =
          (action.kind == .click && element.action == .input) ? pageID : (element.to ?? pageID)
        let string = action.mobile3MString
        let actionID = actionIDs[string] ?? (actionIDs.count + 1)
        actionIDs[string] = actionID
        let child = "\(name)_\(actionID)"
        guard pageIDs[child] == nil else { continue }
        pageIDs[child] = pageIDs.count
        pageOf[child] = target
        if let first = firstVisit[target] {
          all2unique[child] = all2unique[first]
        } else {
          firstVisit[target] = child
          all2unique[child] = child
        }
        triples.append((name, actionID, child))
        queue.append((child, path + [child], history + [string]))
      }
    }
    try Mobile3MLayout.writeIndex(
      pageIDs: pageIDs, actionIDs: actionIDs, all2unique: all2unique, triples: triples,
      in: folder)
    return Summary(
      folder: folder, pages: written.count, uniquePages: Set(all2unique.values).count,
      actions: actionIDs.count)
  }
}
