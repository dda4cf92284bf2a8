import Foundation
import Geometry
import Screenshots
import UIHierarchy

/// `m3m inspect`: one screen's hierarchy as a summary, compact HTML, action space or JSON, and
/// optionally its screenshot with every element boxed.
enum InspectCommand: Command {
  static let spec = CommandSpec(
    name: "inspect",
    abstract: "Show one screen: hierarchy summary, Mobile3M compact HTML, action space or JSON.",
    usage: "DUMP.xml [--screenshot S.png] [--html | --html-bounds | --actions | --json] "
      + "[--annotate OUT.png] [--keywords a,b]",
    arguments: [("DUMP.xml", "A uiautomator or uiautomator2/Appium XML dump.")],
    options: [
      .init(name: "--screenshot", value: "S.png", help: "The screen's PNG screenshot."),
      .init(name: "--html", help: "Print the Mobile3M compact HTML (as stored in -html.txt)."),
      .init(name: "--html-bounds", help: "Print the compact HTML with bounds on every leaf."),
      .init(name: "--actions", help: "Print the Mobile3M action space, one action string a line."),
      .init(name: "--keywords", value: "a,b", help: "Input keywords for input actions."),
      .init(name: "--json", help: "Print the tree (every node, every attribute) as JSON."),
      .init(
        name: "--annotate", value: "OUT.png",
        help: "Draw every element's box on the screenshot (needs --screenshot)."),
      LimitOptions.imagePixels, LimitOptions.xmlDepth, LimitOptions.xmlNodes,
    ],
    discussion: """
      Colours in --annotate: clickable green, scrollable blue, input orange, other grey.
      A dump that cannot be read exits 1 with one line naming the file and the reason.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    guard arguments.positionals.count == 1, let path = arguments.positionals.first else {
      throw UsageError(command: spec.name, message: "expected exactly one DUMP.xml")
    }
    let modes = ["--html", "--html-bounds", "--actions", "--json"].filter(arguments.flag)
    guard modes.count <= 1 else {
      throw UsageError(
        command: spec.name, message: "choose one of \(modes.joined(separator: ", "))")
    }
    let screenshotPath = arguments.value("--screenshot")
    if arguments.value("--annotate") != nil, screenshotPath == nil {
      throw UsageError(command: spec.name, message: "--annotate needs --screenshot")
    }
    let tree = try UITree(
      contentsOf: path, limits: try LimitOptions.hierarchyLimits(arguments, command: spec.name))
    let pixels = try LimitOptions.maximumImagePixels(arguments, command: spec.name)
    let screenshot = try screenshotPath.map {
      try RGBAImage(contentsOfPNG: $0, maximumPixels: pixels)
    }

    switch modes.first {
    case "--html":
      Output.line(CompactHTML(tree, leafBounds: false).text)
    case "--html-bounds":
      Output.line(CompactHTML(tree, leafBounds: true).text)
    case "--actions":
      let keywords = arguments.value("--keywords")?.split(separator: ",").map(String.init) ?? []
      for action in ActionSpace(tree, inputKeywords: keywords).actions {
        Output.line(action.mobile3MString)
      }
    case "--json":
      try Output.json(TreeDocument(tree))
    default:
      printSummary(tree, path: path, screenshot: screenshot)
    }

    if let out = arguments.value("--annotate"), let screenshot {
      let png = try ElementAnnotator.annotate(screenshot, with: tree).pngData()
      guard FileManager.default.createFile(atPath: out, contents: Data(png)) else {
        throw CommandFailure("cannot write \(out)")
      }
      Output.error("wrote \(out)")
    }
    return 0
  }

  private static func printSummary(_ tree: UITree, path: String, screenshot: RGBAImage?) {
    let summary = tree.summary
    Output.line("\(path)")
    Output.line("  nodes \(summary.nodes), windows \(summary.windows), leaves \(summary.leaves)")
    Output.line(
      "  clickable \(summary.clickable), scrollable \(summary.scrollable), "
        + "editable \(summary.editable)")
    Output.line("  packages \(summary.packages.joined(separator: ", "))")
    if summary.invertedBounds + summary.zeroAreaBounds > 0 {
      Output.line(
        "  flagged bounds: \(summary.invertedBounds) inverted, \(summary.zeroAreaBounds) zero-area")
    }
    if summary.unreadableBounds > 0 {
      Output.line(
        "  unreadable bounds (malformed or beyond ±\(PixelCoordinate.limit)): "
          + "\(summary.unreadableBounds) nodes, kept without bounds")
    }
    let html = CompactHTML(tree, leafBounds: false)
    Output.line(
      "  compact HTML lines \(html.lines.count), actions \(ActionSpace(html, tree: tree).actions.count)"
    )
    if let screenshot {
      Output.line("  screenshot \(screenshot.width)x\(screenshot.height)")
    }
  }
}
