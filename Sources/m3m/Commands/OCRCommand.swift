import FileIO
import Foundation
import Geometry
import ScreenAnnotation
import Screenshots
import TextRecognition
import UIHierarchy

/// `m3m ocr`: the text of a screenshot read by Tesseract, or (with `--compare`) how that text
/// compares with the visible text of the screen's dump.
enum OCRCommand: Command {
  static let spec = CommandSpec(
    name: "ocr",
    abstract: "Read a screenshot's text (Tesseract): lines and words with pixel boxes.",
    usage: "SCREENSHOT [--compare DUMP.xml] [--lang eng|chi_sim|chi_sim+eng] [--json] "
      + "[--annotate OUT.png] [--page-segmentation sparse|auto] [--ocr-timeout S]",
    arguments: [("SCREENSHOT", "A PNG screenshot.")],
    options: [
      .init(
        name: "--compare", value: "DUMP.xml",
        help: "Score the OCR against the dump's visible text: recall, precision, box IoU, ms."),
      .init(
        name: .lang, value: "L",
        help: "Tesseract languages, joined by + (eng; chi_sim, chi_sim+eng for Chinese apps)."),
      .json("the lines and words (or, with --compare, the scores and every node)"),
      .init(
        name: "--annotate", value: "OUT.png",
        help:
          "Draw the OCR lines (with --compare: found nodes green, missed red) on the screenshot."),
      .init(
        name: "--page-segmentation", value: "MODE",
        help: "Tesseract's layout analysis: sparse (screens, default) or auto (documents)."),
      OCROptions.timeout,
      .init(
        name: "--min-confidence", value: "N",
        help: "Drop words Tesseract is less sure of than N, 0-100 (30)."),
      LimitOptions.imagePixels, LimitOptions.xmlDepth, LimitOptions.xmlNodes,
    ],
    discussion: """
      Trained data comes from TESSDATA_PREFIX or /usr/share/tesseract-ocr/5/tessdata (Debian's
      tesseract-ocr-eng and tesseract-ocr-chi-sim). With --compare, a visible text node is found
      when an OCR line overlapping its box (or the lines inside it, joined) matches its text with
      normalised edit similarity >= 0.8; precision counts OCR lines that matched a node.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    guard arguments.positionals.count == 1, let path = arguments.positionals.first else {
      throw UsageError(command: spec.name, message: "expected exactly one SCREENSHOT")
    }
    let settings = try recognitionSettings(arguments)
    let dumpPath = arguments.value("--compare")
    let annotated = try arguments.value("--annotate").map {
      try OutputFile(path: $0, inputs: [path] + (dumpPath.map { [$0] } ?? []))
    }
    let tree = try dumpPath.map {
      try UITree(
        contentsOf: $0, limits: try LimitOptions.hierarchyLimits(arguments, command: spec.name))
    }
    let image = try RGBAImage(contentsOfImage: path, maximumPixels: settings.maximumPixels)
    let recognizer = try TextRecognizer(settings)
    let started = DispatchTime.now().uptimeNanoseconds
    let recognized = try recognizer.recognize(image, source: path)
    let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6

    var boxes = recognized.lines.enumerated().map { index, line in
      ElementAnnotator.Box(bounds: line.bounds, kind: .text, label: "\(index)")
    }
    if let tree, let dumpPath {
      let comparison = TextComparison(tree: tree, recognized: recognized, screenshot: image)
      if arguments.flag(.json) {
        try Output.json(
          ComparisonDocument(
            screenshot: path, dump: dumpPath, languages: settings.languages.description,
            milliseconds: milliseconds, comparison: comparison))
      } else {
        printComparison(comparison, milliseconds: milliseconds)
      }
      boxes += comparison.details.map {
        ElementAnnotator.Box(
          bounds: $0.bounds, kind: $0.found ? .clickable : .highlighted, label: "\($0.node)")
      }
    } else if arguments.flag(.json) {
      try Output.json(
        TextDocument(
          screenshot: path, recognized: recognized, milliseconds: milliseconds,
          pageSegmentation: settings.pageSegmentation.rawValue))
    } else {
      for line in recognized.lines {
        Output.line(
          "\(line.bounds)\t\(String(format: "%.0f", line.confidence))\t\(line.text)")
      }
      Output.error(
        "\(recognized.lines.count) lines, \(recognized.words.count) words in "
          + "\(String(format: "%.0f", milliseconds)) ms (\(settings.languages))")
    }
    if let annotated {
      try annotated.write(ElementAnnotator.annotate(image, boxes: boxes).pngData())
      try annotated.commit()
      Output.error("wrote \(annotated.path)")
    }
    return 0
  }

  /// `--lang`, `--page-segmentation`, `--ocr-timeout`, `--min-confidence` and
  /// `--max-image-pixels`, or their defaults.
  static func recognitionSettings(_ arguments: ParsedArguments) throws -> RecognitionSettings {
    var settings = try OCROptions.settings(arguments, command: spec.name, languageOption: .lang)
    settings.pageSegmentation = try arguments.choice(
      "--page-segmentation", default: settings.pageSegmentation, command: spec.name)
    settings.minimumConfidence = try arguments.number(
      "--min-confidence", default: settings.minimumConfidence, command: spec.name)
    guard (0...100).contains(settings.minimumConfidence) else {
      throw UsageError(command: spec.name, message: "'--min-confidence' must be 0 to 100")
    }
    return settings
  }

  private static func printComparison(_ comparison: TextComparison, milliseconds: Double) {
    for match in comparison.details {
      Output.line(
        (match.found ? "found  " : "missed ") + "\(match.bounds)  \(match.text.debugDescription)"
          + (match.ocrText.map { "  ocr \($0.debugDescription)" } ?? "")
          + String(format: "  sim %.2f", match.similarity))
    }
    Output.line(
      String(
        format: "recall %.3f (%d/%d nodes)  precision %.3f (%d/%d lines)  IoU %@  %.0f ms",
        comparison.recall, comparison.found, comparison.nodes, comparison.precision,
        comparison.matchedLines, comparison.lines,
        comparison.meanIoU.map { String(format: "%.3f", $0) } ?? "-", milliseconds))
  }
}

extension RecognitionSettings.PageSegmentation: OptionChoice {}

/// `m3m ocr --json`.
private struct TextDocument: Encodable {
  var screenshot: String
  var width: Int
  var height: Int
  var languages: String
  var pageSegmentation: String
  var milliseconds: Double
  var lines: [Line]

  struct Line: Encodable {
    var text: String
    var box: [Int]
    var confidence: Double
    var words: [Word]
  }

  struct Word: Encodable {
    var text: String
    var box: [Int]
    var confidence: Double
  }

  init(
    screenshot: String, recognized: RecognizedText, milliseconds: Double, pageSegmentation: String
  ) {
    func box(_ bounds: Bounds) -> [Int] { [bounds.left, bounds.top, bounds.right, bounds.bottom] }
    func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }
    self.screenshot = screenshot
    width = recognized.width
    height = recognized.height
    languages = recognized.languages.description
    self.pageSegmentation = pageSegmentation
    self.milliseconds = rounded(milliseconds)
    lines = recognized.lines.map { line in
      Line(
        text: line.text, box: box(line.bounds), confidence: rounded(line.confidence),
        words: line.words.map {
          Word(text: $0.text, box: box($0.bounds), confidence: rounded($0.confidence))
        })
    }
  }
}

/// `m3m ocr --compare … --json`.
private struct ComparisonDocument: Encodable {
  var screenshot: String
  var dump: String
  var languages: String
  var milliseconds: Double
  var nodes: Int
  var found: Int
  var lines: Int
  var matchedLines: Int
  var recall: Double
  var precision: Double
  var meanIoU: Double?
  var details: [TextComparison.NodeMatch]

  init(
    screenshot: String, dump: String, languages: String, milliseconds: Double,
    comparison: TextComparison
  ) {
    self.screenshot = screenshot
    self.dump = dump
    self.languages = languages
    self.milliseconds = (milliseconds * 10).rounded() / 10
    nodes = comparison.nodes
    found = comparison.found
    lines = comparison.lines
    matchedLines = comparison.matchedLines
    recall = comparison.recall
    precision = comparison.precision
    meanIoU = comparison.meanIoU
    details = comparison.details
  }
}
