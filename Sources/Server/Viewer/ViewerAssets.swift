import Foundation

/// The viewer (`GET /`): a page, a script, a style sheet and an icon compiled into the binary;
/// a browser client of the `/v1` endpoints and nothing else.
///
/// Served without a token: the files hold no graph data, and a browser cannot send a bearer
/// header when it opens a page. The script asks for the token and sends it with each `/v1`
/// request (never in a URL). Every file is served under a Content-Security-Policy that lets the
/// page load scripts, styles, images and data from this server only, and nothing inline.
///
/// Not in `/openapi.json`: that document describes the JSON API that programs call, and is
/// checked against the server operation by operation; these are fixed files for a browser.
enum ViewerAssets {
  /// One file: its type and bytes.
  struct Asset: Sendable {
    var contentType: String
    var body: Data
  }

  /// The files, by path.
  static let assets: [String: Asset] = [
    "/": Asset(contentType: "text/html; charset=utf-8", body: Data(page.utf8)),
    "/viewer/viewer.js": Asset(
      contentType: "text/javascript; charset=utf-8", body: Data(script.utf8)),
    "/viewer/viewer.css": Asset(contentType: "text/css; charset=utf-8", body: Data(style.utf8)),
    "/viewer/icon.svg": Asset(contentType: "image/svg+xml", body: Data(icon.utf8)),
  ]

  /// Only this server's own files and endpoints; no inline script or style, no plugins, no
  /// framing, no form posts elsewhere.
  static let contentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

  /// The headers every viewer file is sent with.
  static let headers = [
    "Content-Security-Policy": contentSecurityPolicy,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-cache",
  ]

  /// The answer for a viewer path (405 for a method other than GET or HEAD); nil for any other
  /// path, which the API router answers.
  static func response(to request: HTTPRequest) -> HTTPResponse? {
    guard let asset = assets[request.path] else { return nil }
    guard request.method == "GET" || request.method == "HEAD" else {
      return .error(.methodNotAllowed(request.method, allowed: ["GET"]))
    }
    return HTTPResponse(contentType: asset.contentType, headers: headers, body: asset.body)
  }
}
