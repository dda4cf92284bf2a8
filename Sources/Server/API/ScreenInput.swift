import Foundation
import Screenshots
import UIHierarchy

/// A screen sent in a request body: a uiautomator dump's text and, optionally, its screenshot
/// as base64 PNG; both checked before use.
struct ScreenInput {
  var tree: UITree
  /// The PNG bytes as sent.
  var png: Data?
  /// The decoded screenshot.
  var image: RGBAImage?

  /// Reads the body's `xml` and `screenshot` fields.
  /// - Throws: ``APIError`` 400 when the dump, the base64 or the PNG cannot be read.
  init(xml: String, screenshot: String?) throws {
    do {
      tree = try UITree(parsing: Data(xml.utf8), source: "xml")
    } catch let error as UIHierarchyError {
      throw APIError.badRequest("'xml' is not a uiautomator dump: \(error.description)")
    }
    guard let screenshot else { return }
    guard let data = Data(base64Encoded: screenshot, options: .ignoreUnknownCharacters) else {
      throw APIError.badRequest("'screenshot' is not base64")
    }
    do {
      image = try RGBAImage(imageData: data, source: "screenshot")
    } catch let error as ScreenshotError {
      throw APIError.badRequest("'screenshot' is not a PNG or JPEG image: \(error.description)")
    }
    png = data
  }

  /// The screen's pixel size: the screenshot's, else the dump's window, else 1080×2400.
  var size: (width: Int, height: Int) {
    if let image { return (image.width, image.height) }
    return tree.windowExtent ?? (1080, 2400)
  }
}
