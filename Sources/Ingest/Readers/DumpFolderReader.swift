import Foundation
import UIHierarchy

/// Reads a folder of bare dumps: uiautomator XML files (`home.xml`, `0.xml`, …), each with an
/// optional screenshot of the same name (`home.png`, else `home.jpg` or `home.jpeg`), and no log
/// of the actions between them.
/// Each dump is a screen of its own (a visit with no parent), so the screens become pages
/// with no transitions between them. The app is the package of the dump's first window, else
/// the folder's name.
public enum DumpFolderReader {
  /// True when `folder` holds at least one `.xml` file.
  public static func recognises(_ folder: String) -> Bool {
    !dumpNames(in: folder).isEmpty
  }

  /// The `.xml` files of `folder`, in natural order (`2.xml` before `10.xml`).
  static func dumpNames(in folder: String) -> [String] {
    let names = FileLookup.names(in: folder) ?? []
    return names.filter { name in
      name.lowercased().hasSuffix(".xml") && FileLookup.kind(folder + "/" + name) == .file
    }.sorted { $0.localizedStandardCompare($1) == .orderedAscending }
  }

  /// The folder's screens, one per dump, parsed as they are read.
  /// - Throws: ``IngestError`` when the folder holds no dump.
  public static func steps(in folder: String) throws -> LazyMapSequence<[String], TraceStep> {
    let names = dumpNames(in: folder)
    guard !names.isEmpty else {
      throw IngestError(source: folder, reason: "no UI dumps (*.xml) in the folder")
    }
    let folderName = URL(fileURLWithPath: folder).lastPathComponent
    return names.lazy.map { name in
      let xml = folder + "/" + name
      let stem = folder + "/" + name.dropLast(4)
      let screenshot = ["png", "jpg", "jpeg"].lazy.map { stem + "." + $0 }
        .first { FileManager.default.fileExists(atPath: $0) }
      // A dump that does not parse is still a step: ingest rejects it with its reason.
      let tree = try? UITree(contentsOf: xml)
      let package = tree.flatMap { tree in tree.windows.first.map { tree.nodes[$0].package } }
      return TraceStep(
        record: name, app: package.flatMap { $0.isEmpty ? nil : $0 } ?? folderName,
        xmlPath: xml, tree: tree,
        screenshotPath: screenshot)
    }
  }
}
