import FileIO
import Foundation
import Geometry
import ScreenAnnotation
import Screenshots
import TextRecognition
import UIHierarchy

/// `m3m inspect`: one screen's hierarchy as a summary, compact HTML, action space or JSON, and
/// optionally its screenshot with every element boxed.
enum InspectCommand: Command {
  static let spec = CommandSpec(
    name: "inspect",
    abstract: "Show one screen: hierarchy summary, Mobile3M compact HTML, action space or JSON.",
    usage: "(DUMP.xml [--screenshot S.png] | --screenshot S.png [--ocr-lang L]) "
      + "[--html | --html-bounds | --actions | --json] "
      + "[--annotate OUT.png] [--keywords a,b] [--original-typo]",
    arguments: [
      (
        "DUMP.xml",
        "A uiautomator or uiautomator2/Appium XML dump (without one, the screenshot's OCR)."
      )
    ],
    options: [
      .init(name: "--screenshot", value: "S.png", help: "The screen's PNG screenshot."),
      .init(
        name: "--html",
        help: "Print the Mobile3M compact HTML (one line per element, as any_tree_to_html)."),
      .init(name: "--html-bounds", help: "Print the compact HTML with bounds on every leaf."),
      .init(name: "--actions", help: "Print the Mobile3M action space, one action string a line."),
      .init(name: "--keywords", value: "a,b", help: "Input keywords for input actions."),
      .init(
        name: "--original-typo",
        help: "Spell scrollable containers' attribute `descript  ion` as the original did "
          + "(--html, --html-bounds, --actions), to reproduce released files byte for byte."),
      .json("the tree (every node, every attribute)"),
      .init(
        name: "--annotate", value: "OUT.png",
        help: "Draw every element's box on the screenshot (needs --screenshot)."),
      LimitOptions.imagePixels, LimitOptions.xmlDepth, LimitOptions.xmlNodes,
      OCROptions.language, OCROptions.timeout,
    ],
    discussion: """
      With --screenshot and no DUMP.xml, the screen is read from pixels: its OCR lines
      (Tesseract) become text elements of class m3m.OCRTextView, as ingest does for screens
      without a dump.
      Colours in --annotate: clickable green, scrollable blue, input orange, other grey.
      A dump that cannot be read exits 1 with one line naming the file and the reason.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let screenshotPath = arguments.value("--screenshot")
    guard
      arguments.positionals.count == 1 || (arguments.positionals.isEmpty && screenshotPath != nil),
      let path = arguments.positionals.first ?? screenshotPath
    else {
      throw UsageError(
        command: spec.name, message: "expected exactly one DUMP.xml, or --screenshot alone")
    }
    let isDump = !arguments.positionals.isEmpty
    let modes: [OptionName] = ["--html", "--html-bounds", "--actions", "--json"].filter(
      arguments.flag)
    guard modes.count <= 1 else {
      throw UsageError(
        command: spec.name, message: "choose one of \(modes.map(\.text).joined(separator: ", "))")
    }
    if arguments.value("--annotate") != nil, screenshotPath == nil {
      throw UsageError(command: spec.name, message: "--annotate needs --screenshot")
    }
    let annotated = try arguments.value("--annotate").map {
      try OutputFile(path: $0, inputs: [path] + arguments.all("--screenshot"))
    }
    let pixels = try LimitOptions.maximumImagePixels(arguments, command: spec.name)
    let screenshot = try screenshotPath.map {
      try RGBAImage(contentsOfImage: $0, maximumPixels: pixels)
    }
    let tree: UITree
    if isDump {
      tree = try UITree(
        contentsOf: path, limits: try LimitOptions.hierarchyLimits(arguments, command: spec.name))
    } else if let screenshot {
      let recognizer = try TextRecognizer(OCROptions.settings(arguments, command: spec.name))
      tree = try UITree(
        recognized: try recognizer.recognize(screenshot, source: path), source: path)
    } else {
      throw UsageError(command: spec.name, message: "expected a DUMP.xml or --screenshot")
    }

    let typo = arguments.flag("--original-typo")
    switch modes.first {
    case "--html":
      Output.line(CompactHTML(tree, leafBounds: false, originalTypo: typo).text)
    case "--html-bounds":
      Output.line(CompactHTML(tree, leafBounds: true, originalTypo: typo).text)
    case "--actions":
      let keywords = arguments.value("--keywords")?.split(separator: ",").map(String.init) ?? []
      let html = CompactHTML(tree, originalTypo: typo)
      for action in ActionSpace(html, tree: tree, inputKeywords: keywords).actions {
        Output.line(action.mobile3MString)
      }
    case "--json":
      try Output.json(TreeDocument(tree))
    default:
      printSummary(tree, path: path, screenshot: screenshot)
    }

    if let annotated, let screenshot {
      try annotated.write(ElementAnnotator.annotate(screenshot, with: tree).pngData())
      try annotated.commit()
      Output.error("wrote \(annotated.path)")
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
