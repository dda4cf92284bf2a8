import FileIO
import Foundation
import Geometry
import GraphStore
import ScreenAnnotation
import Screenshots
import UIHierarchy

/// `m3m show`: one stored page, and its screenshot with its elements boxed.
enum ShowCommand: Command {
  static let spec = CommandSpec(
    name: "show",
    abstract: "One stored page: names, counts, elements; its screenshot annotated.",
    usage: "(PAGE | --text TEXT | --dump DUMP.xml) --db FILE [--annotate OUT.png] "
      + "[--highlight-leads-to TARGET] [--html] [--json]",
    arguments: [("PAGE", "A page id, a Mobile3M page name or a visit record.")],
    options: [
      .graph(),
      .init(
        name: "--annotate", value: "OUT.png",
        help: "Write the page's screenshot with every element boxed."),
      .init(
        name: "--highlight-leads-to", value: "TARGET",
        help: "Box in red the element to act on to get to page TARGET (first step of the "
          + "shortest path)."),
      .init(name: "--html", help: "Also print the page's compact HTML."),
      .json("the page"),
      LimitOptions.imagePixels,
    ] + PageResolver.options,
    discussion: """
      Colours: clickable green, scrollable blue, input orange, other text grey, highlighted red.
      The screenshot is read from where ingest found it; a moved or broken file exits 1.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let annotated = try arguments.value("--annotate").map {
      try OutputFile(
        path: $0,
        inputs: arguments.all("--db") + arguments.all("--dump") + arguments.all("--screenshot"))
    }
    let db = try GraphDatabase.open(arguments, command: spec.name)
    let page = try PageResolver.page(from: arguments, in: db, command: spec.name)
    guard let details = try db.pageDetails(page) else {
      throw CommandFailure("no page \(page) in \(db.path)")
    }
    var highlight: PathStep?
    if let target = arguments.value("--highlight-leads-to") {
      let targetPage = try PageResolver.page(target, in: db)
      guard let step = try db.shortestPaths(from: page, to: targetPage, k: 1).first?.steps.first
      else {
        throw CommandFailure(
          "page \(targetPage) cannot be reached from page \(page) in \(db.path)")
      }
      highlight = step
    }
    if arguments.flag(.json) {
      try Output.json(details)
    } else {
      printSummary(details, html: arguments.flag("--html"), highlight: highlight)
    }
    if let annotated {
      try annotate(
        details, highlight: highlight?.element?.id, out: annotated,
        maximumPixels: try LimitOptions.maximumImagePixels(arguments, command: spec.name))
    }
    return 0
  }

  private static func printSummary(_ page: PageDetails, html: Bool, highlight: PathStep?) {
    Output.line("page \(page.id) (\(page.app)): \(page.names.prefix(3).joined(separator: ", "))")
    Output.line(
      "  visits \(page.visits), actions out \(page.outgoingEdges), in \(page.incomingEdges), "
        + "elements \(page.elements.count)")
    Output.line("  screenshot \(page.screenshotPath ?? "(none)")")
    Output.line("  dump \(page.xmlPath ?? "(none)")")
    for element in page.elements
    where element.clickable || element.scrollable || element.editable
      || !element.summary.text.isEmpty || !element.summary.contentDescription.isEmpty
    {
      let marks = [
        element.clickable ? ActionType.click : nil, element.scrollable ? .scroll : nil,
        element.editable ? .input : nil,
      ].compactMap { $0?.rawValue }.joined(separator: ",")
      let what = marks.isEmpty ? "" : marks + " "
      let arrow =
        highlight?.element?.id == element.summary.id ? "  ← leads to page \(highlight!.toPage)" : ""
      Output.line("  [\(element.nodeIndex)] \(what)" + Describe.element(element.summary) + arrow)
    }
    if let highlight, highlight.element == nil {
      Output.line(
        "  the action to page \(highlight.toPage) is a \(highlight.actionType) on no known element")
    }
    if html { Output.line(page.html) }
  }

  private static func annotate(
    _ page: PageDetails, highlight: Int64?, out: OutputFile, maximumPixels: Int
  ) throws {
    guard let path = page.screenshotPath else {
      throw CommandFailure("page \(page.id) has no screenshot recorded; nothing to annotate")
    }
    if OutputPath.sameFile(out.path, path) {
      throw OutputError(
        path: out.path, reason: "it is the page's screenshot (\(path)); refusing to overwrite it")
    }
    let screenshot = try RGBAImage(contentsOfImage: path, maximumPixels: maximumPixels)
    try out.write(ElementAnnotator.annotate(screenshot, with: page, highlight: highlight).pngData())
    try out.commit()
    Output.error("wrote \(out.path)")
  }
}
