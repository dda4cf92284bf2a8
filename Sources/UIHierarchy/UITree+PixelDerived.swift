import Foundation
import Geometry

extension UITree {
  /// The class of the root of a pixel-derived tree: the whole screen.
  public static let ocrScreenClass = "m3m.OCRScreen"
  /// The class of a text element read from pixels (`TextView` in it makes Mobile3M's compact
  /// HTML draw it as `<p>`, as it draws a TextView of a dump).
  public static let ocrTextClass = "m3m.OCRTextView"

  /// One text line of a pixel-derived tree.
  public struct PixelDerivedLine: Sendable, Hashable {
    /// The line's text.
    public var text: String
    /// Its box in screen pixels.
    public var bounds: Bounds
    /// How sure OCR was (0–100), when known (a tree rebuilt from the graph has none).
    public var confidence: Double?

    /// A line from its parts.
    public init(text: String, bounds: Bounds, confidence: Double? = nil) {
      self.text = text
      self.bounds = bounds
      self.confidence = confidence
    }
  }

  /// A pixel-derived hierarchy for a screen that has a screenshot and no dump: one root the size
  /// of the screen (class ``ocrScreenClass``) and one child per line (class ``ocrTextClass``)
  /// with the line's text, box and, when known, `ocr-confidence`. OCR builds it from a
  /// screenshot; the corpus builder rebuilds it from a page's stored elements.
  ///
  /// Every line is offered as clickable: pixels cannot tell a label from a button, and on a
  /// screen most text is tappable. Whether a tree came from pixels is ``isPixelDerived``; in the
  /// graph its elements keep these classes.
  /// - Parameters:
  ///   - languages: the OCR languages (`ocr-languages` of the root), when known.
  ///   - package: the app's package, when known.
  ///   - source: the screenshot's path, for errors.
  /// - Throws: ``UIHierarchyError`` only if the nodes were malformed, which they are not.
  public init(
    pixelDerivedWidth width: Int, height: Int, lines: [PixelDerivedLine],
    languages: String? = nil, package: String = "", source: String
  ) throws {
    func attributes(
      index: Int, text: String, className: String, clickable: Bool, bounds: Bounds
    ) -> [UINode.Attribute] {
      [
        .init(name: "index", value: "\(index)"), .init(name: "text", value: text),
        .init(name: "resource-id", value: ""), .init(name: "class", value: className),
        .init(name: "package", value: package), .init(name: "content-desc", value: ""),
        .init(name: "checkable", value: "false"), .init(name: "checked", value: "false"),
        .init(name: "clickable", value: clickable ? "true" : "false"),
        .init(name: "enabled", value: "true"), .init(name: "focusable", value: "false"),
        .init(name: "focused", value: "false"), .init(name: "scrollable", value: "false"),
        .init(name: "long-clickable", value: "false"), .init(name: "password", value: "false"),
        .init(name: "selected", value: "false"), .init(name: "bounds", value: bounds.description),
      ]
    }
    let screen = Bounds(left: 0, top: 0, right: width, bottom: height)
    var nodes = [
      UINode(
        index: 0, parent: nil, depth: 0,
        attributes: attributes(
          index: 0, text: "", className: Self.ocrScreenClass, clickable: false, bounds: screen)
          + (languages.map { [.init(name: "ocr-languages", value: $0)] } ?? []))
    ]
    for (position, line) in lines.enumerated() {
      nodes.append(
        UINode(
          index: position + 1, parent: 0, depth: 1,
          attributes: attributes(
            index: position, text: line.text, className: Self.ocrTextClass, clickable: true,
            bounds: line.bounds)
            + (line.confidence.map {
              [.init(name: "ocr-confidence", value: String(format: "%.1f", $0))]
            } ?? [])))
    }
    // Pre-order with each parent first: the initialiser finds nothing to refuse.
    try self.init(nodes: nodes, source: source)
  }

  /// True when the tree was read from pixels (its first window is an OCR screen).
  public var isPixelDerived: Bool {
    windows.first.map { nodes[$0].className == Self.ocrScreenClass } ?? false
  }
}
