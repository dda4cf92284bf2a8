import GraphStore
import Ingest

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
    let screen = try ScreenInput(xml: body.xml, screenshot: body.screenshot)
    return try StoredPageLookup.find(screen.tree, screenshot: screen.image, in: db)
  }
}
