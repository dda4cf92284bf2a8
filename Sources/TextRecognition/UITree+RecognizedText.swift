import Foundation
import Geometry
import UIHierarchy

extension UITree {
  /// The pixel-derived hierarchy of an OCR reading (``UITree/init(pixelDerivedWidth:height:lines:languages:package:source:)``):
  /// a root the size of the screen and one clickable text element per OCR line, with its
  /// `ocr-confidence`.
  /// - Parameters:
  ///   - package: the app's package, when known.
  ///   - source: the screenshot's path, for errors.
  /// - Throws: ``UIHierarchyError`` only if the nodes were malformed, which they are not.
  public init(recognized text: RecognizedText, package: String = "", source: String) throws {
    try self.init(
      pixelDerivedWidth: text.width, height: text.height,
      lines: text.lines.map {
        PixelDerivedLine(text: $0.text, bounds: $0.bounds, confidence: $0.confidence)
      }, languages: text.languages.description, package: package, source: source)
  }
}
