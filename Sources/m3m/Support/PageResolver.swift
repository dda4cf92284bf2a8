import Foundation
import GraphStore
import Ingest
import Screenshots
import UIHierarchy

/// Turns what a user typed into a unique page id: a page id, a page or visit name, the best page
/// showing a text, or an XML dump identified with the ingest rule. Failures say what was looked
/// for and, for names, the nearest ones.
enum PageResolver {
  /// A page id, a Mobile3M page name (`ctrip0_1_36`) or a visit record.
  static func page(_ spec: String, in db: Database) throws -> Int64 {
    if let page = try db.resolvePage(spec) { return page }
    let near = try db.nearestPageNames(to: spec)
    throw CommandFailure(
      "no page '\(spec)' in \(db.path)"
        + (near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?"))
  }

  /// The best page whose elements show `text`.
  static func page(showing text: String, in db: Database) throws -> Int64 {
    guard let page = try db.pages(containing: text, limit: 1).first else {
      throw CommandFailure("no page in \(db.path) shows \"\(text)\"")
    }
    return page
  }

  /// The stored page an XML dump (and its screenshot, when given) shows.
  static func page(
    dump path: String, screenshot: String?, in db: Database,
    maximumImagePixels: Int = RGBAImage.defaultMaximumPixels
  ) throws -> Int64 {
    let tree = try UITree(contentsOf: path)
    let image = try screenshot.map {
      try RGBAImage(contentsOfImage: $0, maximumPixels: maximumImagePixels)
    }
    let result = try StoredPageLookup.find(tree, screenshot: image, in: db)
    guard let page = result.page else {
      var message = "\(path): the dump matches no page in \(db.path)"
      if let closest = result.closestPage, let jaccard = result.closestJaccard {
        message +=
          " (closest: page \(closest), Jaccard \(String(format: "%.2f", jaccard)); "
          + "the rule needs more than 0.5)"
      }
      throw CommandFailure(message)
    }
    Output.error(
      "\(path) is page \(page) (\(result.app ?? ""), matched \(result.matchedBy), Jaccard "
        + String(format: "%.2f", result.jaccard ?? 0) + ")")
    return page
  }

  /// The options that name a page instead of a PAGE argument (`leads-to`, `show`).
  static let options: [CommandSpec.Option] = [
    .init(name: "--text", value: "TEXT", help: "The page is the best page showing TEXT."),
    .init(
      name: "--dump", value: "DUMP.xml",
      help: "The page is the stored page this dump shows (the ingest rule)."),
    .init(name: "--screenshot", value: "S.png", help: "The dump's screenshot (pixel test)."),
  ]

  /// The page a command's PAGE argument, `--text` or `--dump`/`--screenshot` names.
  static func page(from arguments: ParsedArguments, in db: Database, command: String) throws
    -> Int64
  {
    let given =
      [arguments.value("--text"), arguments.value("--dump")].compactMap { $0 }.count
      + arguments.positionals.count
    guard given == 1 else {
      throw UsageError(command: command, message: "give one PAGE, --text TEXT or --dump FILE")
    }
    if let text = arguments.value("--text") {
      try LimitOptions.checkQueryLength(text, name: "--text", command: command)
    }
    if let spec = arguments.positionals.first {
      try LimitOptions.checkQueryLength(spec, name: "PAGE", command: command)
    }
    if let text = arguments.value("--text") { return try page(showing: text, in: db) }
    if let dump = arguments.value("--dump") {
      return try page(
        dump: dump, screenshot: arguments.value("--screenshot"), in: db,
        maximumImagePixels: try LimitOptions.maximumImagePixels(arguments, command: command))
    }
    return try page(arguments.positionals[0], in: db)
  }
}
