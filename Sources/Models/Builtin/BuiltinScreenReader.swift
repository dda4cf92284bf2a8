import Foundation
import Geometry
import Screenshots
import TextRecognition
import UIHierarchy

/// Which inputs the built-in model reads for a screen.
public enum BuiltinReading: String, Sendable, Hashable, CaseIterable {
  /// The dump when the screen has one, else the screenshot's OCR text (the default: a screen
  /// with a dump costs no OCR).
  case hierarchyElsePixels = "xml|ocr"
  /// Only the screenshot's OCR text, dumps ignored (measures what pixels alone give).
  case pixels = "ocr"
  /// The dump, plus the OCR lines whose text it lacks (WebViews, canvases); a screen without a
  /// dump is read from pixels alone.
  case hierarchyAndPixels = "xml+ocr"
  /// Only the dump; a screen without one is an error (measures what the hierarchy alone
  /// gives, and never starts Tesseract).
  case hierarchy = "xml"
}

/// Turns a request's screens into trees for the built-in model: a dump is parsed; a screenshot
/// is read by Tesseract into a pixel-derived tree (``UITree/init(recognized:package:source:)``);
/// with ``BuiltinReading/hierarchyAndPixels`` the OCR lines the dump lacks are added to it.
/// It remembers which inputs it read, for the model's name.
final class BuiltinScreenReader: @unchecked Sendable {
  let reading: BuiltinReading
  let recognition: RecognitionSettings
  // Guarded by `lock`.
  private var pool: TextRecognizerPool?
  private var read: Set<String> = []
  private let lock = NSLock()

  init(reading: BuiltinReading, recognition: RecognitionSettings) {
    self.reading = reading
    self.recognition = recognition
  }

  /// `builtin(xml)`, `builtin(ocr)`, `builtin(xml+ocr)`: the inputs read so far (before the
  /// first screen, the ones the reading setting names first).
  var name: String {
    let inputs = lock.withLock { read }
    let parts = ["xml", "ocr"].filter { inputs.contains($0) }
    if parts.isEmpty {
      return reading == .pixels ? "builtin(ocr)" : "builtin(xml)"
    }
    return "builtin(\(parts.joined(separator: "+")))"
  }

  /// One tree per screen of the request, in order.
  func trees(hierarchies: [String], images: [String]) throws -> [UITree] {
    let count = max(reading == .pixels ? 0 : hierarchies.count, images.count)
    return try (0..<count).map { index in
      if reading == .hierarchy {
        guard hierarchies.indices.contains(index) else {
          throw ModelError(
            source: "builtin(xml)",
            reason: "screen \(index + 1) has no dump, and this model reads only dumps "
              + "(choose ocr, xml+ocr or auto to read screenshots)")
        }
        note("xml")
        return try UITree(contentsOf: hierarchies[index])
      }
      let xml =
        reading == .pixels ? nil : hierarchies.indices.contains(index) ? hierarchies[index] : nil
      let image = images.indices.contains(index) ? images[index] : nil
      if let xml {
        let tree = try UITree(contentsOf: xml)
        guard reading == .hierarchyAndPixels, let image else {
          note("xml")
          return tree
        }
        let added = try Self.adding(recognize(image), to: tree)
        note("xml")
        note("ocr")
        return added
      }
      guard let image else {
        throw ModelError(
          source: "builtin", reason: "screen \(index + 1) has neither a dump nor a screenshot")
      }
      let tree = try UITree(recognized: recognize(image), source: image)
      note("ocr")
      return tree
    }
  }

  private func note(_ input: String) {
    _ = lock.withLock { read.insert(input) }
  }

  /// The screenshot's OCR text.
  func recognize(_ path: String) throws -> RecognizedText {
    let recognizers = try lock.withLock {
      if let pool { return pool }
      let made = try TextRecognizerPool(recognition)
      pool = made
      return made
    }
    let image = try RGBAImage(contentsOfImage: path, maximumPixels: recognition.maximumPixels)
    return try recognizers.withRecognizer { try $0.recognize(image, source: path) }
  }

  /// `tree` with one OCR text element (child of its last window) per OCR line whose text no
  /// node overlapping it shows (edit similarity below ``TextComparison/threshold``).
  static func adding(_ text: RecognizedText, to tree: UITree) throws -> UITree {
    guard let window = tree.windows.last else { return tree }
    let shown = tree.nodes.compactMap { node -> (String, Bounds)? in
      let label = node.text.isEmpty ? node.contentDescription : node.text
      guard !label.isEmpty, let box = node.bounds else { return nil }
      return (label, box)
    }
    let missing = text.lines.filter { line in
      !shown.contains { label, box in
        box.intersection(line.bounds) != nil
          && editSimilarity(label, line.text) >= TextComparison.threshold
      }
    }
    guard !missing.isEmpty else { return tree }
    let ocr = try UITree(
      recognized: RecognizedText(
        width: text.width, height: text.height, languages: text.languages, lines: missing),
      source: tree.source)
    var nodes = tree.nodes
    for node in ocr.nodes.dropFirst() {
      var added = node
      added.parent = window
      nodes.append(added)
    }
    return try UITree(nodes: nodes, rotation: tree.rotation, source: tree.source)
  }
}
