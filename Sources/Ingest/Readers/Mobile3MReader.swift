import Foundation
import UIHierarchy

/// Reads one app of the Mobile3M release layout: `<name>_graph_<id>/` with the double-encoded
/// `all_page_id.json` ({page name: id}) and `all_action_id.json` ({action string: id}), and a
/// folder per page holding `<page>-xml.txt` and `<page>-screen.png`.
///
/// A page's name is its action path from the root: `ctrip0_1_36` is the page reached from
/// `ctrip0` by action 1 then action 36; its parent is the name without the last `_id`, its depth
/// the number of parts (root = 1). Pages are read parents first.
public enum Mobile3MReader {
  /// The file an app folder is recognised by: its page index.
  static let pageIndexFile = "all_page_id.json"

  /// True when `folder` holds `all_page_id.json`.
  public static func recognises(_ folder: String) -> Bool {
    FileLookup.exists(folder + "/" + pageIndexFile)
  }

  /// The app's pages, parents before children, each made when it is read: only the page names
  /// and the action strings are held (the index files are read whole, up to 64 MB each).
  public static func steps(in folder: String) throws -> LazyMapCollection<[String], TraceStep> {
    let pages = try Mobile3MLayout.readDoubleEncoded(folder + "/all_page_id.json")
    let actionIDs = try Mobile3MLayout.readDoubleEncoded(folder + "/all_action_id.json")
    var actionByID: [String: String] = [:]
    for (string, id) in actionIDs { actionByID["\(id)"] = string }
    let folderName = URL(fileURLWithPath: folder).lastPathComponent
    let app =
      folderName.range(of: "_graph_").map { String(folderName[..<$0.lowerBound]) } ?? folderName
    let keyed: [(depth: Int, name: String)] = pages.keys.map { name in
      (name.split(separator: "_").count, name)
    }
    let names: [String] = keyed.sorted { $0 < $1 }.map { $0.name }
    return names.lazy.map { name in
      let parts = name.split(separator: "_")
      let parent = parts.count > 1 ? parts.dropLast().joined(separator: "_") : nil
      let base = "\(folder)/\(name)/\(name)"
      var action: TraceAction?
      if parent != nil, let last = parts.last {
        action = actionByID[String(last)].map(Self.action) ?? TraceAction(type: "unknown")
      }
      let screenshot = base + "-screen.png"
      return TraceStep(
        record: name, app: app, name: name, parentRecord: parent, depth: parts.count,
        xmlPath: base + "-xml.txt",
        screenshotPath: FileManager.default.fileExists(atPath: screenshot) ? screenshot : nil,
        action: action)
    }
  }

  /// A Mobile3M action string as a trace action (the string itself is the action's key).
  static func action(_ string: String) -> TraceAction {
    guard let parsed = PageAction(mobile3MString: string) else {
      return TraceAction(type: "unknown", mobile3M: string)
    }
    return TraceAction(
      type: parsed.kind.rawValue, point: parsed.swipe?.start ?? parsed.bounds?.center,
      bounds: parsed.bounds, text: parsed.text, direction: parsed.direction?.rawValue,
      mobile3M: string)
  }
}
