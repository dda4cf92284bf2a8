import Foundation
import TestSupport
import Testing

@testable import Server

/// The viewer's files as the server answers them: open without a token, under a strict
/// Content-Security-Policy, referencing only what the server serves, and a script that builds
/// the page from text, never from markup. (tools/browser-check runs it in chromium.)
@Suite("GET /: the viewer's files")
struct ViewerAssetsTests {
  let router: Router
  let tokens: AccessTokens

  init() throws {
    router = try GraphServer(
      ServerConfiguration(
        databasePath: Fixtures.sampleGraph.get(),
        address: ListenAddress(host: "127.0.0.1", port: 0), version: "test")
    ).router
    tokens = try AccessTokens("reader-0123456789abcdef read", file: "tokens")
  }

  func get(_ path: String, method: String = "GET") -> HTTPResponse {
    GraphServer.respond(
      to: HTTPRequest(method: method, path: path), router: router, tokens: tokens)
  }

  var html: String { String(decoding: get("/").body, as: UTF8.self) }
  var script: String { String(decoding: get("/viewer/viewer.js").body, as: UTF8.self) }

  @Test("/ is HTML under a self-only Content-Security-Policy, served without a token")
  func page() throws {
    let response = get("/")
    #expect(response.status == 200)
    #expect(response.contentType == "text/html; charset=utf-8")
    let policy = try #require(response.headers["Content-Security-Policy"])
    #expect(policy.hasPrefix("default-src 'none'; script-src 'self'; style-src 'self';"))
    #expect(!policy.contains("unsafe"))
    #expect(!policy.contains("http"))
    #expect(!policy.contains("data:") && !policy.contains("blob:"))
    #expect(response.headers["X-Content-Type-Options"] == "nosniff")
    #expect(html.contains("<title>m3m viewer</title>"))
    #expect(get("/", method: "HEAD").status == 200)
    // The API beside it still needs the token.
    #expect(get("/v1/apps").status == 401)
  }

  @Test("every file the page loads is served, with its type and the same policy")
  func referencedFiles() throws {
    let references = html.matches(of: /(?:src|href)="([^"#]+)"/).map { String($0.1) }
    #expect(Set(references) == ["/viewer/viewer.js", "/viewer/viewer.css", "/viewer/icon.svg"])
    let types = [
      "/viewer/viewer.js": "text/javascript; charset=utf-8",
      "/viewer/viewer.css": "text/css; charset=utf-8", "/viewer/icon.svg": "image/svg+xml",
    ]
    for reference in references {
      let response = get(reference)
      #expect(response.status == 200, "\(reference)")
      #expect(response.contentType == types[reference], "\(reference)")
      #expect(!response.body.isEmpty, "\(reference)")
      #expect(
        response.headers["Content-Security-Policy"] == ViewerAssets.contentSecurityPolicy,
        "\(reference)")
    }
    #expect(get("/viewer/other.js").status == 401)
  }

  @Test("a POST to / is 405 with Allow: GET; the viewer is not an operation of /openapi.json")
  func methodsAndDocument() throws {
    let post = get("/", method: "POST")
    #expect(post.status == 405)
    #expect(post.headers["Allow"] == "GET")
    let document = GraphServer.respond(
      to: HTTPRequest(method: "GET", path: "/openapi.json"), router: router, tokens: nil)
    let paths = try #require(
      (try JSONSerialization.jsonObject(with: document.body) as? [String: Any])?["paths"]
        as? [String: Any])
    for path in ViewerAssets.assets.keys {
      #expect(paths[path] == nil, "\(path)")
    }
  }

  @Test("no markup from data, no inline script or style, nothing from another origin")
  func noMarkupFromData() throws {
    for sink in [
      "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(",
      "srcdoc", "setAttribute('on", "javascript:",
    ] {
      #expect(!script.contains(sink), "the viewer's script uses \(sink)")
    }
    // The only absolute URLs are the SVG and XLink namespace names.
    let absolute = Set(script.matches(of: /https?:\/\/[^'"\s]+/).map { String($0.0) })
    #expect(absolute == ["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"])
    #expect(!html.contains("http://") && !html.contains("https://"))
    #expect(html.matches(of: /<script[^>]*>[^<]+<\/script>/).isEmpty)
    #expect(!html.contains("style=") && html.matches(of: /\son[a-z]+=/).isEmpty)
    // The token goes in a header, never in a URL.
    #expect(script.contains("headers.Authorization = 'Bearer ' + token"))
    #expect(script.contains("sessionStorage"))
  }

  @Test("every /v1 path the script asks for is one of the server's routes")
  func onlyExistingEndpoints() throws {
    let asked = Set(script.matches(of: /'(\/v1\/[a-z.\-\/]*)/).map { String($0.1) })
    #expect(asked.count >= 6, "\(asked)")
    let patterns = router.routes.map(\.pattern)
    for path in asked {
      #expect(patterns.contains { $0.hasPrefix(path) }, "\(path) is no endpoint")
    }
  }

  @Test("where an element leads is asked of the page (leads-from), never of the app's export")
  func leadsFromNotExport() throws {
    #expect(script.contains("'/leads-from?limit=1000'"))
    #expect(router.routes.contains { $0.pattern == "/v1/pages/{page}/leads-from" })
    // The whole app's export does not scale: no page of the viewer may need it.
    #expect(!script.contains("/v1/export"))
    #expect(!script.contains("too many"))
  }
}
