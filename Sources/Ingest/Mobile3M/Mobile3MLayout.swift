import FileIO
import Foundation
import UIHierarchy

/// The Mobile3M release layout, written by m3m's crawler and synthetic apps and read by
/// `Mobile3MReader`.
///
/// An app is a folder `<name>_graph_<id>/` holding the double-encoded `all_page_id.json`
/// ({page name: number}), `all_action_id.json` ({action string: number}),
/// `data_all2unique.json` ({page name: its unique page's name}) and `data_unique2all.json`
/// ({unique name: [page names]}), and the plain `all_triple.json` (`{"num": n, "data":
/// [[parent, action number, child], …]}`). A page is named by its action path from the launch
/// page (`notes0_3_1`) and has a folder holding the whole path: for every page `p` on the way,
/// `p-xml.txt`, `p-html.txt`, `p-screen.png` and `p.json`.
///
/// The text files are framed as the original's `save_txt` writes them, the content and then a
/// newline: `-xml.txt` is Appium page source (``UIHierarchy/UITree/appiumPageSource(width:height:)``,
/// what the original crawler read from `driver.page_source`) ending in `</hierarchy>\n`;
/// `-html.txt` is `any_tree_to_html`'s output, every line followed by a newline, so it ends in
/// `…</p>\n\n`.
public enum Mobile3MLayout {
  /// The app folder's path: `<directory>/<name>_graph_<id>`.
  public static func appFolder(in directory: String, app: String, id: Int) -> String {
    "\(directory)/\(app)_graph_\(id)"
  }

  /// The `start_APP` commands of a page JSON for an app started from its launcher icon.
  public static func launchCommands(package: String) -> [String] {
    ["adb shell monkey -p \(package) -c android.intent.category.LAUNCHER 1"]
  }

  /// One screen on a page's path, as its page folder keeps it.
  public struct Screen {
    /// The page's name (its action path).
    public var name: String
    /// The dump as captured (uiautomator or Appium XML); written as Appium page source.
    public var xml: String
    /// Its compact HTML, the lines joined by newlines (``UIHierarchy/CompactHTML/text``).
    public var html: String
    /// The screenshot (PNG bytes).
    public var png: [UInt8]
    /// The page's unique page's name (itself when it is the first visit of its page).
    public var uniqueName: String
    /// The action strings taken from the launch page to here.
    public var history: [String]
    /// The action strings available on the page (the release lists them for the folder's
    /// own page; `[]` elsewhere on the path is allowed).
    public var actionSpace: [String]

    /// A screen from its parts.
    public init(
      name: String, xml: String, html: String, png: [UInt8], uniqueName: String,
      history: [String], actionSpace: [String]
    ) {
      self.name = name
      self.xml = xml
      self.html = html
      self.png = png
      self.uniqueName = uniqueName
      self.history = history
      self.actionSpace = actionSpace
    }
  }

  /// Writes a page folder `<appFolder>/<last screen's name>/` holding every screen of `path`
  /// (launch page first); `launch` are the commands that start the app (`start_APP`).
  public static func writePage(path: [Screen], launch: [String], in appFolder: String) throws {
    guard let page = path.last else { return }
    let folder = "\(appFolder)/\(page.name)"
    try makeFolder(folder)
    for (depth, screen) in path.enumerated() {
      let base = "\(folder)/\(screen.name)"
      try write(
        Data(try xmlFile(screen.xml, source: base + "-xml.txt").utf8), to: base + "-xml.txt")
      try write(Data(htmlFile(screen.html).utf8), to: base + "-html.txt")
      try write(Data(screen.png), to: base + "-screen.png")
      let info: [String: Any] = [
        "round": depth + 1, "name": screen.name, "unique_name": screen.uniqueName,
        "valid": screen.uniqueName == screen.name, "start_APP": launch,
        "history_actions": screen.history, "action_space": screen.actionSpace,
        "path": path.prefix(depth + 1).map(\.name),
      ]
      try writeJSON(info, to: base + ".json")
    }
  }

  /// A page's `-xml.txt`: the dump as Appium page source (the window is the dump's extent),
  /// then the newline of `save_txt`.
  public static func xmlFile(_ xml: String, source: String) throws -> String {
    let tree = try UITree(parsing: Array(xml.utf8), source: source)
    let window = tree.windowExtent ?? (width: 720, height: 1184)
    return tree.appiumPageSource(width: window.width, height: window.height) + "\n"
  }

  /// A page's `-html.txt`: each compact-HTML line followed by a newline, as `any_tree_to_html`
  /// returns it, then the newline of `save_txt`.
  public static func htmlFile(_ html: String) -> String {
    html.isEmpty ? "\n" : html + "\n\n"
  }

  /// Writes the app-level files: page numbers, action numbers, the unique map both ways
  /// (pages in `pageIDs` order) and the `(parent, action number, child)` triples.
  public static func writeIndex(
    pageIDs: [String: Int], actionIDs: [String: Int], all2unique: [String: String],
    triples: [(parent: String, action: Int, child: String)], in appFolder: String
  ) throws {
    try makeFolder(appFolder)
    var unique2all: [String: [String]] = [:]
    for (page, unique) in all2unique.sorted(by: {
      (pageIDs[$0.key] ?? .max, $0.key) < (pageIDs[$1.key] ?? .max, $1.key)
    }) {
      unique2all[unique, default: []].append(page)
    }
    try writeDoubleEncoded(pageIDs, to: "\(appFolder)/all_page_id.json")
    try writeDoubleEncoded(actionIDs, to: "\(appFolder)/all_action_id.json")
    try writeDoubleEncoded(all2unique, to: "\(appFolder)/data_all2unique.json")
    try writeDoubleEncoded(unique2all, to: "\(appFolder)/data_unique2all.json")
    try writeJSON(
      ["num": triples.count, "data": triples.map { [$0.parent, $0.action, $0.child] }],
      to: "\(appFolder)/all_triple.json")
  }

  /// `json.loads(json.load(f))`: the release writes a JSON string that holds JSON (plain JSON
  /// is accepted too). A file over 64 MB is refused before it is read.
  public static func readDoubleEncoded(_ path: String) throws -> [String: Any] {
    guard let data = try WholeFile.contents(path) else {
      throw IngestError(source: path, reason: "cannot read the file")
    }
    guard let outer = try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
    else { throw IngestError(source: path, reason: "not JSON") }
    if let object = outer as? [String: Any] { return object }
    guard let inner = outer as? String,
      let object = try? JSONSerialization.jsonObject(with: Data(inner.utf8)) as? [String: Any]
    else {
      throw IngestError(source: path, reason: "expected a JSON string holding a JSON object")
    }
    return object
  }

  /// `json.dump(json.dumps(d))`, keys sorted so the same data gives the same bytes.
  static func writeDoubleEncoded(_ object: Any, to path: String) throws {
    let inner = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    let outer = try JSONSerialization.data(
      withJSONObject: String(decoding: inner, as: UTF8.self), options: [.fragmentsAllowed])
    try write(outer, to: path)
  }

  static func writeJSON(_ object: Any, to path: String) throws {
    try write(JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), to: path)
  }

  /// Creates a folder and those above it, or says which cannot be made.
  public static func makeFolder(_ path: String) throws {
    var isDirectory: ObjCBool = false
    var above = path
    while !above.isEmpty, !FileManager.default.fileExists(atPath: above, isDirectory: &isDirectory)
    {
      above = (above as NSString).deletingLastPathComponent
    }
    if !above.isEmpty, !isDirectory.boolValue {
      throw IngestError(source: above, reason: "not a folder (cannot make \(path))")
    }
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw IngestError(
        source: path, reason: "cannot make the folder: \(PlainErrorText.reason(error))")
    }
  }

  /// Writes a whole file, which appears only when complete (``OutputFile``).
  /// - Throws: ``OutputError`` naming the file and the reason.
  static func write(_ data: Data, to path: String) throws {
    try OutputFile.write(data, to: path)
  }
}
