import Foundation
import Testing

@testable import Server

@Suite("Routing, authentication and the error shape")
struct RouterTests {
  let router = Router([
    Route("GET", "/v1/health", scope: nil) { _, _ in try .json(["status": "ok"]) },
    Route("GET", "/v1/pages/{page}", scope: .read) { _, parameters in
      try .json(["page": parameters["page"] ?? ""])
    },
    Route("POST", "/v1/sessions", scope: .write) { request, _ in
      struct Body: Decodable { var app: String }
      return try .json(["app": request.decodeJSON(Body.self).app])
    },
  ])
  let tokens: AccessTokens

  init() throws {
    tokens = try AccessTokens(
      "reader-0123456789abcdef read\nwriter-0123456789abcdef write", file: "t")
  }

  func respond(
    _ method: String, _ path: String, token: String? = nil, body: String = ""
  ) throws -> (Int, [String: Any]) {
    var request = HTTPRequest(method: method, path: path, body: Data(body.utf8))
    if let token { request.headers["authorization"] = "Bearer \(token)" }
    let response = GraphServer.respond(to: request, router: router, tokens: tokens)
    #expect(response.contentType == "application/json")
    let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
    return (response.status, object ?? [:])
  }

  func error(_ document: [String: Any]) -> (Int?, String?) {
    let error = document["error"] as? [String: Any]
    return (error?["status"] as? Int, error?["code"] as? String)
  }

  @Test("parameters are taken from the path; a parameter never matches an empty segment")
  func parameters() throws {
    let (status, body) = try respond("GET", "/v1/pages/shop0_1", token: "reader-0123456789abcdef")
    #expect(status == 200)
    #expect(body["page"] as? String == "shop0_1")
    guard case .notFound = router.match(method: "GET", path: "/v1/pages/") else {
      Issue.record("/v1/pages/ matched")
      return
    }
  }

  @Test("health needs no token; others 401 without one, 403 with the wrong scope")
  func authentication() throws {
    #expect(try respond("GET", "/v1/health").0 == 200)
    let (status, body) = try respond("GET", "/v1/pages/1")
    #expect(status == 401)
    #expect(error(body) == (401, "unauthorized"))
    #expect(try respond("GET", "/v1/pages/1", token: "reader-0123456789abcdeX").0 == 401)
    let (forbidden, denied) = try respond("GET", "/v1/pages/1", token: "writer-0123456789abcdef")
    #expect(forbidden == 403)
    #expect(error(denied) == (403, "forbidden"))
  }

  @Test("unknown paths 404, other methods 405 with Allow, all in the error shape")
  func notFound() throws {
    let token = "reader-0123456789abcdef"
    let (status, body) = try respond("GET", "/v1/nothing", token: token)
    #expect(status == 404)
    #expect(error(body) == (404, "not_found"))
    let request = HTTPRequest(
      method: "DELETE", path: "/v1/pages/1", headers: ["authorization": "Bearer \(token)"])
    let response = GraphServer.respond(to: request, router: router, tokens: tokens)
    #expect(response.status == 405)
    #expect(response.headers["Allow"] == "GET")
  }

  @Test("bad JSON and a missing field are 400 with the reason")
  func badBodies() throws {
    let token = "writer-0123456789abcdef"
    let (status, body) = try respond("POST", "/v1/sessions", token: token, body: "{nope")
    #expect(status == 400)
    #expect(
      (body["error"] as? [String: Any])?["message"] as? String == "the body is not valid JSON")
    let (missing, reason) = try respond("POST", "/v1/sessions", token: token, body: "{}")
    #expect(missing == 400)
    #expect((reason["error"] as? [String: Any])?["message"] as? String == "missing field 'app'")
    let (ok, answer) = try respond(
      "POST", "/v1/sessions", token: token, body: #"{"app": "shop"}"#)
    #expect(ok == 200)
    #expect(answer["app"] as? String == "shop")
  }
}
