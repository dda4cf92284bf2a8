import Foundation
import GraphStore
import Ingest
import Screenshots
import UIHierarchy

/// `POST /v1/identify`: which stored page a screen is, by the ingest rule.
enum PageIdentification {
  /// The request body: a uiautomator dump and, optionally, its screenshot.
  struct Body: Decodable {
    /// The dump's XML text.
    var xml: String
    /// The screenshot as base64 PNG (enables the pixel test).
    var screenshot: String?
  }

  /// The stored page `request`'s screen is, or none and the closest one.
  /// - Throws: ``APIError`` 400 when the body, the XML or the PNG cannot be read.
  static func identify(_ request: HTTPRequest, in db: Database) throws -> StoredPageLookup.Result {
    let body = try request.decodeJSON(Body.self)
    let tree: UITree
    do {
      tree = try UITree(parsing: Data(body.xml.utf8), source: "xml")
    } catch let error as UIHierarchyError {
      throw APIError.badRequest("'xml' is not a uiautomator dump: \(error.description)")
    }
    var image: RGBAImage?
    if let encoded = body.screenshot {
      guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
        throw APIError.badRequest("'screenshot' is not base64")
      }
      do {
        image = try RGBAImage(pngData: data, source: "screenshot")
      } catch let error as ScreenshotError {
        throw APIError.badRequest("'screenshot' is not a PNG: \(error.description)")
      }
    }
    return try StoredPageLookup.find(tree, screenshot: image, in: db)
  }
}
